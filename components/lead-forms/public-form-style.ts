import type { PublicLeadFormDefinition } from "@/server/domain/lead-forms";

/**
 * The look of a public lead form, shared by the hosted page, the iframe, the builder's preview and the
 * embed's shadow root (which receives the same markup): one stylesheet scoped under `.mcf`, driven by CSS
 * variables set from the form's theme. Mobile-first: inputs are 16 px (no zoom on iOS) and at least 44 px
 * high (WCAG 2.5.5 target size). No imports beyond a type, so the embed's bundle can include it.
 */

type Theme = PublicLeadFormDefinition["settings"]["theme"];

const fonts: Record<Theme["font"], string> = {
  system: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
  serif: 'Georgia, "Times New Roman", "Noto Serif", serif',
  rounded: 'ui-rounded, "SF Pro Rounded", "Nunito", system-ui, sans-serif',
  mono: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
};

/** The CSS variables of a theme (as a React style object's entries). */
export function themeVariables(theme: Theme): Record<string, string> {
  return {
    "--mcf-primary": theme.primaryColor,
    "--mcf-bg": theme.backgroundColor,
    "--mcf-fg": theme.textColor,
    "--mcf-radius": `${theme.radius}px`,
    "--mcf-font": fonts[theme.font],
  };
}

const dark = "--mcf-bg:#0f172a;--mcf-fg:#e2e8f0;";

/** The stylesheet (plain CSS text). `:host` rules apply when it sits in the embed's shadow root. */
export const publicFormCss = `
:host{all:initial!important;display:block!important;contain:content}
.mcf{all:initial;display:block;box-sizing:border-box;background:var(--mcf-bg);color:var(--mcf-fg);font-family:var(--mcf-font);font-size:16px;line-height:1.5;padding:20px;border-radius:var(--mcf-radius);max-width:40rem;margin:0 auto;-webkit-text-size-adjust:100%;text-align:start}
.mcf[data-layout=page]{max-width:none;min-height:100dvh;border-radius:0;padding:16px}
.mcf[data-layout=page]>.mcf-form{max-width:40rem;margin:0 auto}
.mcf[data-mode=dark]{${dark}}
@media (prefers-color-scheme:dark){.mcf[data-mode=auto]{${dark}}}
.mcf *,.mcf *::before,.mcf *::after{box-sizing:border-box;font:inherit;color:inherit;letter-spacing:normal}
.mcf-form{display:flex;flex-direction:column;gap:16px;margin:0}
.mcf-title{font-size:1.5rem;font-weight:700;line-height:1.25;margin:0}
.mcf-desc{margin:0;white-space:pre-line;opacity:.85}
.mcf-field{display:flex;flex-direction:column;gap:6px;border:0;margin:0;padding:0;min-width:0}
.mcf-label{font-weight:600;display:block;padding:0}
.mcf-req{color:var(--mcf-primary);margin-inline-start:2px}
.mcf-help{font-size:.875rem;margin:0;opacity:.75}
.mcf-error{font-size:.875rem;margin:0;color:#dc2626;font-weight:600}
.mcf-error:empty{display:none}
.mcf[data-mode=dark] .mcf-error{color:#f87171}
@media (prefers-color-scheme:dark){.mcf[data-mode=auto] .mcf-error{color:#f87171}}
.mcf-input{display:block;width:100%;min-height:44px;padding:10px 12px;border:1px solid color-mix(in srgb,var(--mcf-fg) 30%,transparent);border-radius:var(--mcf-radius);background:var(--mcf-bg);color:var(--mcf-fg);font-size:16px;appearance:auto;outline:none}
textarea.mcf-input{min-height:112px;resize:vertical}
.mcf-input:focus-visible,.mcf-check input:focus-visible,.mcf-submit:focus-visible{outline:3px solid color-mix(in srgb,var(--mcf-primary) 55%,transparent);outline-offset:2px}
.mcf-input[aria-invalid=true]{border-color:#dc2626}
.mcf-check{display:flex;align-items:flex-start;gap:10px;min-height:44px;padding:10px 0;cursor:pointer}
.mcf-check input{appearance:auto;width:20px;height:20px;margin:2px 0 0;flex:none;accent-color:var(--mcf-primary);cursor:pointer}
.mcf-options{display:flex;flex-direction:column;gap:0}
.mcf-submit{display:inline-flex;align-items:center;justify-content:center;min-height:48px;padding:12px 20px;border:0;border-radius:var(--mcf-radius);background:var(--mcf-primary);color:#fff;font-weight:600;cursor:pointer;width:100%}
.mcf-submit[disabled],.mcf-submit[aria-disabled=true]{opacity:.6;cursor:default}
.mcf-alert{margin:0;padding:10px 12px;border-radius:var(--mcf-radius);border:1px solid #dc2626;color:#dc2626;font-weight:600}
.mcf-alert:empty{display:none}
.mcf-status{margin:0;font-size:.875rem}
.mcf-status:empty{display:none}
.mcf-note{font-size:.8125rem;margin:0;opacity:.7;font-style:italic}
.mcf-done{margin:0;font-size:1.125rem;white-space:pre-line}
.mcf-hp{position:absolute!important;left:-10000px!important;top:auto!important;width:1px!important;height:1px!important;overflow:hidden!important}
.mcf-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (min-width:640px){.mcf{padding:28px}.mcf-submit{width:auto;align-self:flex-start}}
`;
