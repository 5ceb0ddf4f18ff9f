/**
 * The script of the iframe variant's document (`/f/{formId}/embed`), inline with the page's CSP nonce.
 * It reads its settings from `<body data-form data-parent data-done data-view>` (never from text
 * pasted into the script) and:
 * - posts the document's height to the parent page whenever it changes (`{ source: "minicrm-form",
 *   type: "height", formId, height }`), to the parent's origin when the page named one the form allows,
 *   else to any (a height tells nothing);
 * - after a submission (`data-done` holds its id), posts `{ type: "submitted", id }` to the parent's
 *   allowed origin only;
 * - fills the context (`_ctx`) from `document.referrer` when the embed script did not pass the page;
 * - counts a view and the first focus (start) on the events endpoint, and marks the button as sending.
 * embed.js checks `event.origin` against this app's origin before it believes a message.
 */
export const FRAME_SCRIPT = `(function(){var b=document.body,d=b.dataset,f=d.form,p=d.parent;
function post(m,any){if(!p&&!any)return;m.source="minicrm-form";m.formId=f;try{if(window.parent!==window)window.parent.postMessage(m,p||"*")}catch(e){}}
var last=-1;function h(){var x=Math.ceil(document.documentElement.getBoundingClientRect().height);if(x!==last){last=x;post({type:"height",height:x},true)}}
if(window.ResizeObserver)new ResizeObserver(h).observe(document.documentElement);window.addEventListener("load",h);h();
if(d.done)post({type:"submitted",id:d.done});
var c=document.querySelector('input[name="_ctx"]');if(c&&!c.value&&document.referrer)c.value=JSON.stringify({landingPage:document.referrer});
function ev(t){try{fetch("/api/forms/"+f+"/events",{method:"POST",body:JSON.stringify({type:t}),headers:{"content-type":"text/plain"},keepalive:true})}catch(e){}}
if(d.view)ev("view");var s=0;document.addEventListener("focusin",function(){if(!s){s=1;ev("start")}});
var form=document.querySelector("form[data-lead-form]");if(form)form.addEventListener("submit",function(){var n=form.querySelector(".mcf-submit");if(n){n.setAttribute("aria-disabled","true");n.textContent=n.getAttribute("data-sending-label")||n.textContent}});
})();`;
