"use client";

import { useState } from "react";

/**
 * Uploads a form with a file to a sheet import route (purchases, products) and follows it: `progress`
 * is the upload's percentage (XMLHttpRequest reports it; fetch does not), null once the server is
 * working; `error` is the server's message, or why the upload did not arrive; `result` the JSON answer.
 */
export function useSheetUpload<T>(url: string, onResult?: (result: T) => void) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<T | null>(null);
  const upload = (form: FormData) => {
    setError(null);
    setResult(null);
    setBusy(true);
    setProgress(0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) setProgress(Math.round((ev.loaded / ev.total) * 100));
    };
    xhr.upload.onload = () => setProgress(null);
    xhr.onload = () => {
      setBusy(false);
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: a proxy's error page.
      }
      if (xhr.status === 200) {
        setResult(body as T);
        onResult?.(body as T);
      } else
        setError(
          (body as { message?: string } | null)?.message ??
            (xhr.status === 413 ? "The file is larger than 100 MB." : "The import failed. Try again."),
        );
    };
    xhr.onerror = () => {
      setBusy(false);
      setError("The upload did not reach the server. Check the connection and try again.");
    };
    xhr.send(form);
  };
  return { busy, progress, error, setError, result, upload };
}
