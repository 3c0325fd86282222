"""Browser tests: reports opened in headless Chromium (a package, so its conftest does not shadow tests/conftest)."""
