import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  it("renders formatting, lists and links", () => {
    expect(renderMarkdown("**Fredagsfika** varje vecka\n\n- en\n- två\n\n[Intranätet](https://intra.example.se)")).toBe(
      '<p><strong>Fredagsfika</strong> varje vecka</p>\n<ul>\n<li>en</li>\n<li>två</li>\n</ul>\n<p><a href="https://intra.example.se">Intranätet</a></p>\n',
    );
  });

  it("removes scripts, event handlers, javascript: links, images and frames", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://evil.test"></iframe>[klick](javascript:alert(1)) <a href="#" onclick="alert(1)">a</a>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|<iframe|<img|href="javascript/i);
    expect(renderMarkdown("[klick](javascript:alert(1))")).not.toMatch(/href/);
  });
});
