import { axeViolations, expect, PHONE_VIEWPORT, test } from "./support/axe";

// The axe fixture itself: a page that is fine on a laptop and fails only on a phone must fail.
test("axe checks each page at phone width as well as at the test's own, and puts the size back", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.setContent(`<!doctype html>
    <html lang="en"><head><title>Phone only</title>
    <style>@media (max-width: ${PHONE_VIEWPORT.width}px) { p { color: #bbb; background: #fff; } }</style></head>
    <body><main><h1>Phone only</h1><p>Pale only on a phone.</p></main></body></html>`);

  const violations = await axeViolations(page);
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatch(new RegExp(`^at ${PHONE_VIEWPORT.width} px: color-contrast`));
  expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });

  // A test that runs at phone width is checked once, at its own width.
  await page.setViewportSize(PHONE_VIEWPORT);
  expect(await axeViolations(page)).toEqual([expect.stringMatching(/^color-contrast/)]);
  await page.setContent(`<!doctype html><html lang="en"><head><title>Fine</title></head><body><main><h1>Fine</h1></main></body></html>`);
});
