"""The start page in a real headless Chromium (Debian's), driven through Selenium.

Nothing is downloaded at test time: the browser is /usr/bin/chromium and the driver
/usr/bin/chromedriver (`.ci/browser.sh` installs both with apt-get). The test
answers questions, sees the recommendation change, checks the template questions
follow the framework, opens a file in the preview, downloads the zip, runs the
zipped project's own tests, and reloads the shared link. It saves a screenshot of
the page; with STACKPICK_UPDATE_SCREENSHOT=1 it replaces the one the README shows
(docs/web.png), otherwise it writes to the test's temporary folder so that a test run
never changes the working tree.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.environments import ProjectEnvironments, run_in
from tests.web.conftest import Running

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
README_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "web.png"
WAIT = 60


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("Chromium is missing: run `bash .ci/browser.sh` (scripts/test does)")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1440,1000",
        "--force-device-scale-factor=1",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, condition: Any, message: str) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    waiting = WebDriverWait(
        driver, WAIT, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)
    )
    return waiting.until(condition, message)


def click(driver: Any, selector: str) -> None:
    element = css(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def text_of(driver: Any, selector: str) -> str:
    return str(css(driver, selector).text)


def pick(driver: Any, name: str, value: str) -> None:
    """Click the label of a radio or checkbox (the pill's input itself is invisible)."""
    click(driver, f'input[name="{name}"][value="{value}"] + span')


def type_into(driver: Any, name: str, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    field = css(driver, f'input[name="{name}"]')
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(text)


def form_snapshot(driver: Any) -> dict[str, Any]:
    """Every enabled control of the form with its value (checked ones for boxes)."""
    script = """
      const out = {};
      for (const el of document.querySelectorAll('#form [name]')) {
        if (el.disabled || el.type === 'hidden' || el.closest('fieldset[disabled]')) continue;
        if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
        (out[el.name] = out[el.name] || []).push(el.value);
      }
      return out;
    """
    return dict(driver.execute_script(script))


def save_screenshot(driver: Any, tmp_path: Path) -> Path:
    """A full-height PNG of the page: the README's copy on request, else a temporary one."""
    update = os.environ.get("STACKPICK_UPDATE_SCREENSHOT") == "1"
    target = README_SCREENSHOT if update else tmp_path / "web.png"
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(1440, min(max(height, 1000), 4000))
    target.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(target))
    driver.set_window_size(1440, 1000)
    assert target.read_bytes().startswith(b"\x89PNG"), "the screenshot is not a PNG"
    return target


def test_the_start_page_end_to_end(
    browser: Any, web: Running, project_environments: ProjectEnvironments, tmp_path: Path
) -> None:
    driver = browser
    driver.get(web.url + "/")
    wait_for(
        driver,
        lambda d: "live" in d.find_element("tag name", "body").get_attribute("class"),
        "script",
    )
    assert text_of(driver, '[data-testid="recommended"]') == "Flask"  # the tie-break
    assert not css(driver, '[data-field="t.api"]').is_displayed()

    # Answers that point to Django: the recommendation changes live, api appears.
    pick(driver, "q.goals", "social")
    pick(driver, "q.goals", "commerce")
    pick(driver, "q.full_stack", "yes")
    wait_for(
        driver,
        lambda d: text_of(d, '[data-testid="recommended"]') == "Django",
        "the recommendation did not turn to Django",
    )
    assert int(text_of(driver, '[data-testid="score-django"]')) > int(
        text_of(driver, '[data-testid="score-flask"]')
    )
    assert css(driver, '[data-field="t.api"]').is_displayed()
    assert "relevant" in css(driver, ".criteria tbody tr.relevant").get_attribute("class")

    # Take Flask anyway (the default combination: Flask, SQLite); api is hidden again.
    pick(driver, "t.framework", "flask")
    wait_for(driver, lambda d: not css(d, '[data-field="t.api"]').is_displayed(), "api stays")
    assert "You picked Flask instead" in text_of(driver, '[data-testid="picked"]')

    # The package name follows the project name; a bad e-mail gets the CLI's message.
    type_into(driver, "t.project_name", "Browser Shop")
    wait_for(
        driver,
        lambda d: css(d, 'input[name="t.package_name"]').get_attribute("value") == "browser_shop",
        "the package name did not follow the project name",
    )
    type_into(driver, "t.author_email", "nobody")
    wait_for(
        driver,
        lambda d: "e-mail address" in text_of(d, '[data-error="t.author_email"]'),
        "no inline error for a bad e-mail",
    )
    assert not css(driver, '[data-action="download"]').is_enabled()
    type_into(driver, "t.author_email", "team@example.com")
    wait_for(driver, lambda d: css(d, '[data-action="download"]').is_enabled(), "still invalid")
    wait_for(
        driver,
        lambda d: "--data author_email=team@example.com" in text_of(d, '[data-testid="command"]'),
        "the command line did not follow",
    )
    command = text_of(driver, '[data-testid="command"]')
    assert command.startswith(
        "stackpick new browser-shop --framework flask --set goals=social,commerce"
    )

    # Preview: a real render; open pyproject.toml.
    click(driver, '[data-action="preview"]')
    wait_for(driver, lambda d: css(d, "#preview").is_displayed(), "no preview")
    wait_for(driver, lambda d: "files in" in text_of(d, '[data-testid="file-count"]'), "no files")
    click(driver, '#preview-body a[data-path="pyproject.toml"]')
    wait_for(
        driver,
        lambda d: text_of(d, '[data-testid="viewer-path"]') == "pyproject.toml",
        "the file did not open",
    )
    assert "browser" in text_of(driver, '[data-testid="viewer-text"]')
    shared = css(driver, '[data-testid="share"]').get_attribute("href")
    before = form_snapshot(driver)
    driver.execute_script("window.scrollTo(0, 0)")
    save_screenshot(driver, tmp_path)

    # Download the zip through the page, unpack it, run the project's own tests.
    click(driver, '[data-action="download"]')
    archive = driver.downloads / "browser-shop.zip"
    wait_for(driver, lambda d: archive.exists() and archive.stat().st_size > 0, "no zip")
    with zipfile.ZipFile(archive) as opened:
        assert "browser-shop/.copier-answers.yml" in opened.namelist()
        opened.extractall(tmp_path)
    project = tmp_path / "browser-shop"
    for info in zipfile.ZipFile(archive).infolist():
        mode = (info.external_attr >> 16) & 0o777
        if mode and not info.is_dir():
            (tmp_path / info.filename).chmod(mode)
    assert "author_email: team@example.com" in (project / ".copier-answers.yml").read_text()
    with project_environments.installed(project) as venv:
        result = run_in(
            venv,
            ["pytest", "-q", "-p", "no:cacheprovider"],
            project,
            {"APP_ENV": "", "DATABASE_URL": "", "SECRET_KEY": ""},
        )
    assert result.returncode == 0, result.stdout + result.stderr

    # The shared link restores the form exactly.
    driver.get(shared)
    wait_for(
        driver,
        lambda d: "live" in d.find_element("tag name", "body").get_attribute("class"),
        "script",
    )
    assert form_snapshot(driver) == before
    assert text_of(driver, '[data-testid="command"]') == command
    assert not any(web.scratch.iterdir())
