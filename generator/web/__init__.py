"""The start page served by ``stackpick web``.

form.py     submitted answers -> FormState (recommendation, template fields, errors)
render.py   real renders into temporary folders: preview files and zips
page.py     HTML (Jinja2 templates in templates/) and the JSON the page's script reads
server.py   the HTTP server (standard library), routes and request limits
static/     the stylesheet and the script, shipped in the package (no CDN, no build)
"""
