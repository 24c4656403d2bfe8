// Starts Swagger UI on /api/docs. A file, not an inline script, so the
// Content-Security-Policy (script-src 'self') allows it.
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({
    url: document.body.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
});
