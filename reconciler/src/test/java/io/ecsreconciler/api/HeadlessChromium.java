package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Debian Chromium and its driver, headless, started from their fixed paths so that Selenium Manager never
 * looks for (or downloads) a browser. Missing ones fail the test: CI installs them, a silent skip would hide that.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  static HeadlessChromium start() {
    var missing = Stream.of(BROWSER, DRIVER).filter(path -> !Files.isExecutable(path)).toList();
    if (!missing.isEmpty()) {
      fail("the dashboard test needs headless Chromium and chromedriver, missing: " + missing
          + "; install them with `sudo apt-get install chromium chromium-driver`");
    }
    System.setProperty("SE_OFFLINE", "true");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    var options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,900", "--lang=en-US");
    var service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort().build();
    return new HeadlessChromium(new ChromeDriver(service, options));
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /** The visible text of the first element found, waiting for it: the page redraws itself every 5 s. */
  String text(By locator, Duration timeout) {
    return waiting(timeout).until(d -> {
      var found = d.findElements(locator);
      return found.isEmpty() ? null : found.getFirst().getText();
    });
  }

  /** Waits until the element's visible text contains the expected text, and returns the text. */
  String awaitText(By locator, String expected, Duration timeout) {
    return waiting(timeout).withMessage(() -> locator + " never showed '" + expected + "'").until(d -> {
      var found = d.findElements(locator);
      var text = found.isEmpty() ? "" : found.getFirst().getText();
      return text.contains(expected) ? text : null;
    });
  }

  void click(By locator, Duration timeout) {
    waiting(timeout).until(d -> {
      var found = d.findElements(locator);
      if (found.isEmpty()) {
        return false;
      }
      found.getFirst().click();
      return true;
    });
  }

  /** The whole page, not just the window, as a PNG. */
  byte[] fullPageScreenshot() {
    var height = ((Number) driver.executeScript(
        "return Math.ceil(document.documentElement.scrollHeight)")).intValue();
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 1280, "height", Math.max(height, 600), "deviceScaleFactor", 1, "mobile", false));
    try {
      return driver.getScreenshotAs(OutputType.BYTES);
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  private WebDriverWait waiting(Duration timeout) {
    var wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
