/*
 * embed.js: puts a Mini CRM lead form on any website with one line,
 *   <script src="{APP_URL}/embed.js" data-form="{formId}" async></script>
 * Built to public/embed.js by ./build.ts (esbuild, minified; the build fails above 10 KB gzipped). No
 * dependencies; it runs after the page is parsed and never throws into the host page.
 *
 * Attributes of the script tag:
 * - data-form: the form's id (required);
 * - data-mode: `inline` (default: the form in place, in a shadow root, so the page's CSS neither breaks
 *   it nor is touched by it), `popup` (a centred dialog), `slide-in` (a panel in the bottom corner) or
 *   `iframe` (the form's own page `/f/{id}/embed`, resized to its content by postMessage);
 * - data-target: a CSS selector of the element to render into (inline, iframe); default: right after
 *   the script;
 * - popup and slide-in open on: data-trigger (a CSS selector: clicks on matching elements), data-scroll
 *   (a scroll depth in %), data-exit-intent (the pointer leaves through the top of the window), or
 *   `MiniCRM.forms.open(formId)`. Automatic triggers open a form once per visit (sessionStorage).
 * After a submission the element that holds the form dispatches a bubbling, composed `submitted`
 * CustomEvent with `detail: { formId, submissionId }`, for the page's own analytics.
 * A form that needs a captcha is shown in the iframe (the widgets need a document of their own).
 */

interface FormInfo {
  html: string;
  token: string;
  submitUrl: string;
  captcha: unknown;
  texts: Record<string, string>;
  definition: { settings: { title: string; success: { type: string; message?: string; url?: string } } };
}

interface Opened {
  open(): void;
  close(): void;
}

type Win = Window & { MiniCRM?: { forms?: { open(id: string): void; close(id: string): void } } };

(() => {
  const w = window as Win;
  const d = document;
  const popups = new Map<string, Opened>();

  const css = (el: HTMLElement, text: string) => el.setAttribute("style", text);
  const el = (tag: string, cls?: string) => {
    const e = d.createElement(tag);
    if (cls) e.className = cls;
    return e;
  };

  function emit(host: Element, formId: string, submissionId: string) {
    host.dispatchEvent(
      new CustomEvent("submitted", { bubbles: true, composed: true, detail: { formId, submissionId } }),
    );
  }

  function beacon(app: string, formId: string, type: string) {
    try {
      fetch(`${app}/api/forms/${formId}/events`, {
        method: "POST",
        body: JSON.stringify({ type }),
        headers: { "content-type": "text/plain" },
        keepalive: true,
        mode: "cors",
      }).catch(() => {});
    } catch {
      // Counting is best effort.
    }
  }

  /** Reads a form's fields into an object; repeated names (multi-select) become arrays. */
  function fields(form: HTMLFormElement): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    new FormData(form).forEach((value, key) => {
      if (typeof value !== "string") return;
      const had = out[key];
      out[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    });
    for (const box of Array.from(form.querySelectorAll<HTMLInputElement>("fieldset input[type=checkbox]")))
      if (!(box.name in out)) out[box.name] = [];
    return out;
  }

  function iframe(app: string, formId: string, host: HTMLElement) {
    const frame = d.createElement("iframe");
    const q = new URLSearchParams({ parent: location.origin, page: location.href, ref: d.referrer });
    frame.src = `${app}/f/${formId}/embed?${q}`;
    frame.title = "Form";
    css(frame, "display:block;width:100%;height:480px;border:0;background:transparent;color-scheme:normal");
    host.appendChild(frame);
    w.addEventListener("message", (e) => {
      const m = e.data;
      if (e.origin !== app || e.source !== frame.contentWindow || !m || m.source !== "minicrm-form") return;
      if (m.formId !== formId) return;
      if (m.type === "height" && typeof m.height === "number")
        frame.style.height = `${Math.ceil(m.height)}px`;
      if (m.type === "submitted" && typeof m.id === "string") emit(host, formId, m.id);
    });
  }

  /** Renders the form into `root` (a shadow root) and handles its submission. */
  async function render(app: string, formId: string, host: HTMLElement, root: ShadowRoot | HTMLElement) {
    let info: FormInfo;
    let res: Response;
    try {
      res = await fetch(`${app}/api/forms/${formId}?token=1&html=1`, { mode: "cors" });
      info = await res.json();
    } catch {
      return;
    }
    if (!res.ok) {
      const p = el("p");
      p.textContent = (info as unknown as { message?: string }).message ?? "";
      css(p, "font:16px system-ui,sans-serif;margin:0;padding:12px");
      root.appendChild(p);
      return;
    }
    if (info.captcha) return iframe(app, formId, root as HTMLElement);
    const box = el("div");
    box.innerHTML = info.html;
    root.appendChild(box);
    const form = box.querySelector("form") as HTMLFormElement;
    const t = info.texts;
    const ctx = form.querySelector<HTMLInputElement>('input[name="_ctx"]');
    if (ctx) ctx.value = JSON.stringify({ landingPage: location.href, referrer: d.referrer });
    for (const input of Array.from(form.querySelectorAll<HTMLInputElement>("input[type=hidden]"))) {
      const v = new URLSearchParams(location.search).get(input.name);
      if (!input.name.startsWith("_") && v !== null) input.value = v.slice(0, 500);
    }
    beacon(app, formId, "view");
    let started = false;
    form.addEventListener("focusin", () => {
      if (!started) beacon(app, formId, "start");
      started = true;
    });
    const alert = form.querySelector<HTMLElement>("[data-form-error]");
    const status = form.querySelector<HTMLElement>("[data-form-status]");
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
    const label = button?.textContent ?? "";
    let sending = false;

    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (sending) return;
      sending = true;
      if (button) {
        button.disabled = true;
        button.textContent = t.sending ?? label;
      }
      for (const p of Array.from(form.querySelectorAll<HTMLElement>("[data-error-for]"))) p.textContent = "";
      for (const c of Array.from(form.querySelectorAll("[aria-invalid]"))) c.removeAttribute("aria-invalid");
      if (alert) alert.textContent = "";
      let answer: {
        id?: string;
        errors?: Record<string, string>;
        formError?: string;
        token?: string;
        message?: string;
      };
      let code = 0;
      try {
        const r = await fetch(`${app}${info.submitUrl}`, {
          method: "POST",
          mode: "cors",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(fields(form)),
        });
        code = r.status;
        answer = await r.json().catch(() => ({}));
      } catch {
        answer = {};
      }
      sending = false;
      if (button) {
        button.disabled = false;
        button.textContent = label;
      }
      if (code === 201 && answer.id) {
        const success = info.definition.settings.success;
        emit(host, formId, answer.id);
        if (success.type === "redirect" && success.url) {
          location.href = success.url;
          return;
        }
        const done = el("div", "mcf-form");
        done.setAttribute("role", "status");
        const h = el("h2", "mcf-title");
        h.textContent = info.definition.settings.title;
        const p = el("p", "mcf-done");
        p.textContent = success.message?.trim() || t.thanks || "";
        done.append(h, p);
        form.replaceWith(done);
        return;
      }
      if (answer.token) {
        const input = form.querySelector<HTMLInputElement>('input[name="_t"]');
        if (input) input.value = answer.token;
      }
      let first: HTMLElement | null = null;
      const unknown: string[] = [];
      for (const [key, message] of Object.entries(answer.errors ?? {})) {
        const line = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(key)}"]`);
        if (!line) {
          unknown.push(message);
          continue;
        }
        line.textContent = message;
        const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(key)}"]`);
        control?.setAttribute("aria-invalid", "true");
        first ??= control;
      }
      const general =
        answer.formError ??
        unknown[0] ??
        (code === 429 ? t.tooMany : code === 410 ? t.closed : code === 422 ? "" : answer.message || t.failed);
      if (alert) alert.textContent = general ?? "";
      if (status) status.textContent = "";
      (first ?? (general ? alert : null))?.focus?.();
    });
  }

  function mountInline(app: string, formId: string, host: HTMLElement) {
    host.setAttribute("data-minicrm-form", formId);
    const root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    render(app, formId, host, root);
  }

  const popupCss =
    ":host{all:initial!important;display:block!important}.ov{position:fixed;inset:0;z-index:2147483646;display:none;align-items:center;justify-content:center;background:rgba(15,23,42,.55);padding:16px}.ov.on{display:flex}.slide{background:transparent;pointer-events:none;align-items:flex-end;justify-content:flex-end}.dlg{position:relative;width:100%;max-width:34rem;max-height:calc(100dvh - 32px);overflow:auto;border-radius:12px;box-shadow:0 20px 50px rgba(0,0,0,.3);pointer-events:auto}.slide .dlg{max-width:24rem}.x{all:initial;position:absolute;top:6px;inset-inline-end:6px;z-index:1;width:44px;height:44px;display:grid;place-items:center;font:24px/1 system-ui,sans-serif;color:#475569;cursor:pointer;border-radius:8px}.x:focus-visible{outline:3px solid #2563eb}";

  function mountPopup(app: string, formId: string, slide: boolean): Opened {
    const host = el("div");
    host.setAttribute("data-minicrm-form", formId);
    d.body.appendChild(host);
    const root = host.attachShadow({ mode: "open" });
    const style = el("style");
    style.textContent = popupCss;
    const overlay = el("div", slide ? "ov slide" : "ov");
    const dialog = el("div", "dlg");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", slide ? "false" : "true");
    const close = el("button", "x");
    close.setAttribute("type", "button");
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    const body = el("div");
    dialog.append(close, body);
    overlay.appendChild(dialog);
    root.append(style, overlay);
    let loaded = false;
    let before: Element | null = null;
    const api: Opened = {
      open() {
        if (!loaded) {
          loaded = true;
          render(app, formId, host, body).then(() => {
            dialog.setAttribute("aria-label", body.querySelector(".mcf-title")?.textContent ?? "Form");
            body.querySelector<HTMLElement>("input:not([type=hidden]),select,textarea")?.focus();
          });
        }
        before = d.activeElement;
        overlay.classList.add("on");
        (body.querySelector<HTMLElement>("input:not([type=hidden]),select,textarea") ?? close).focus();
      },
      close() {
        overlay.classList.remove("on");
        (before as HTMLElement | null)?.focus?.();
      },
    };
    close.addEventListener("click", api.close);
    overlay.addEventListener("click", (e) => {
      if (e.target === overlay && !slide) api.close();
    });
    root.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Escape") api.close();
    });
    return api;
  }

  function autoOpen(script: HTMLScriptElement, formId: string, popup: Opened) {
    const key = `minicrm-form-${formId}`;
    let done = false;
    const once = () => {
      try {
        if (done || sessionStorage.getItem(key)) return;
        sessionStorage.setItem(key, "1");
      } catch {
        if (done) return;
      }
      done = true;
      popup.open();
    };
    const trigger = script.dataset.trigger;
    if (trigger)
      d.addEventListener("click", (e) => {
        const t = e.target as Element | null;
        if (t?.closest?.(trigger)) {
          e.preventDefault();
          popup.open();
        }
      });
    const depth = Number(script.dataset.scroll);
    if (depth > 0) {
      const onScroll = () => {
        const max = d.documentElement.scrollHeight - w.innerHeight;
        if (max <= 0 || (w.scrollY / max) * 100 >= depth) {
          w.removeEventListener("scroll", onScroll);
          once();
        }
      };
      w.addEventListener("scroll", onScroll, { passive: true });
    }
    if (script.dataset.exitIntent !== undefined)
      d.addEventListener("mouseout", (e) => {
        if (!e.relatedTarget && e.clientY <= 0) once();
      });
  }

  function setup(script: HTMLScriptElement) {
    const formId = script.dataset.form;
    if (!formId || script.dataset.minicrmDone) return;
    script.dataset.minicrmDone = "1";
    const app = new URL(script.src, location.href).origin;
    const mode = script.dataset.mode ?? "inline";
    if (mode === "popup" || mode === "slide-in") {
      const popup = mountPopup(app, formId, mode === "slide-in");
      popups.set(formId, popup);
      autoOpen(script, formId, popup);
      return;
    }
    const target = script.dataset.target ? d.querySelector<HTMLElement>(script.dataset.target) : null;
    const host = target ?? el("div");
    if (!target) script.parentNode?.insertBefore(host, script.nextSibling);
    if (mode === "iframe") {
      host.setAttribute("data-minicrm-form", formId);
      iframe(app, formId, host);
    } else mountInline(app, formId, host);
  }

  function start() {
    for (const s of Array.from(d.querySelectorAll<HTMLScriptElement>("script[data-form][src]")))
      if (/\/embed\.js(\?|#|$)/.test(s.src))
        try {
          setup(s);
        } catch {
          // One bad tag never stops the others, nor the page.
        }
  }

  w.MiniCRM = w.MiniCRM ?? {};
  const forms = w.MiniCRM.forms ?? {
    open(id: string) {
      let popup = popups.get(id);
      if (!popup) {
        const s = d.querySelector<HTMLScriptElement>('script[src*="/embed.js"]');
        if (!s) return;
        popup = mountPopup(new URL(s.src, location.href).origin, id, false);
        popups.set(id, popup);
      }
      popup.open();
    },
    close(id: string) {
      popups.get(id)?.close();
    },
  };
  w.MiniCRM.forms = forms;
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
})();
