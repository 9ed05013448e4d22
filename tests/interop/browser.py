"""A real browser for the sign-in pages: Debian's Chromium, headless, driven through its
chromedriver by Selenium. `python browser.py URL [approve|deny]` opens URL and clicks the
button, so it can stand in as the BROWSER a sign-in opens."""

import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# No first-run UI, no component updates or other traffic beyond the page itself.
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         "--disable-sync", "--disable-default-apps"]


def chromium(profile_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile_dir}"]:
        options.add_argument(flag)
    # Both paths given, so Selenium never looks for (or downloads) a browser or driver.
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


def click_through(url, decision="approve", timeout=30):
    """Opens url, clicks the button with id `decision`, and waits until the browser has
    left the page (followed the form's answer). Returns the page source it ended on."""
    with tempfile.TemporaryDirectory() as profile_dir:
        driver = chromium(profile_dir)
        try:
            driver.get(url)
            button = driver.find_element(By.ID, decision)
            button.click()
            WebDriverWait(driver, timeout).until(lambda d: _is_gone(button))
            return driver.page_source
        finally:
            driver.quit()


def _is_gone(element):
    try:
        element.is_enabled()
        return False
    except Exception:  # StaleElementReferenceException: the page was replaced.
        return True


if __name__ == "__main__":
    click_through(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "approve")
