import { describe, expect, it } from "vitest";
import { appContentSecurityPolicy, cameOverTls } from "./csp";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("the app's Content-Security-Policy", () => {
  it("allows scripts only with the response's nonce, never inline or eval in production", () => {
    const csp = appContentSecurityPolicy("abc123");
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "base-uri")).toBe("base-uri 'self'");
    expect(directive(csp, "form-action")).toBe("form-action 'self'");
  });

  it("relaxes only what development tools need, only in development", () => {
    const csp = appContentSecurityPolicy("n", { dev: true });
    expect(directive(csp, "script-src")).toContain("'unsafe-eval'");
    expect(directive(csp, "connect-src")).toContain("ws:");
    expect(appContentSecurityPolicy("n")).not.toContain("ws:");
  });
});

describe("TLS detection for HSTS", () => {
  it.each([
    ["http://x/", null, false],
    ["https://x/", null, true],
    ["http://x/", "https", true],
    ["http://x/", "HTTPS, http", true],
    ["https://x/", "http", false],
  ])("%s with X-Forwarded-Proto %s → %s", (url, proto, expected) => {
    expect(cameOverTls(url, proto)).toBe(expected);
  });
});
