import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Amazon S3's REST API (path-style: `http://127.0.0.1:<port>/<bucket>/<key>`), on
 * a random port, for one bucket and one access key. It implements, as documented in the Amazon S3 API
 * Reference: PutObject, GetObject, HeadObject, DeleteObject, and multipart upload (CreateMultipartUpload
 * `POST ?uploads`, UploadPart `PUT ?partNumber&uploadId`, CompleteMultipartUpload `POST ?uploadId`,
 * AbortMultipartUpload `DELETE ?uploadId`), with XML bodies, quoted MD5 ETags (`"<md5>-<parts>"` for a
 * multipart object) and the REST error document `<Error><Code>…</Code><Message>…</Message>…</Error>`
 * (404 NoSuchKey / NoSuchBucket / NoSuchUpload, 400 InvalidPart / InvalidPartOrder / EntityTooSmall).
 *
 * Every request must carry an AWS Signature Version 4 `Authorization` header (sig-v4-header-based-auth):
 * the fake rebuilds the canonical request (method, URI-encoded path, sorted canonical query string,
 * the signed headers, `x-amz-content-sha256`), derives the signing key from the known secret
 * (`AWS4<secret>` → date → region → `s3` → `aws4_request`) and compares HMAC-SHA256 signatures. A wrong
 * signature answers 403 SignatureDoesNotMatch with the StringToSign and CanonicalRequest it expected; an
 * unknown key id 403 InvalidAccessKeyId; a body whose SHA-256 differs from `x-amz-content-sha256` 400
 * XAmzContentSHA256Mismatch; a date more than 15 minutes off 403 RequestTimeTooSkewed.
 */

export interface FakeS3Object {
  body: Buffer;
  contentType: string | undefined;
  etag: string;
  lastModified: Date;
}

export interface RecordedS3Request {
  method: string;
  /** Path as sent, without the query. */
  path: string;
  /** The operation recognised (PutObject, UploadPart …) or "Unknown". */
  operation: string;
  status: number;
}

export interface FakeS3 {
  /** Endpoint URL for `S3_ENDPOINT`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stored objects by key (without the bucket). */
  objects: Map<string, FakeS3Object>;
  /** Every request received, in order. */
  requests: RecordedS3Request[];
  /** Multipart uploads in progress, by upload id. */
  uploads: Map<
    string,
    { key: string; contentType: string | undefined; parts: Map<number, { body: Buffer; etag: string }> }
  >;
  /** The variables that point the app at this fake (path-style). */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** The variables that switch file storage to a bucket (server/env.ts). */
const S3_VARIABLES = [
  "S3_BUCKET",
  "S3_ENDPOINT",
  "S3_REGION",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_FORCE_PATH_STYLE",
  "S3_PREFIX",
];

/** Removes the S3 variables from `process.env`: storage goes back to local disk. */
export function clearS3Env(): void {
  for (const name of S3_VARIABLES) delete process.env[name];
}

export interface FakeS3Options {
  bucket?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Smallest part but the last (S3: 5 MiB). */
  minPartBytes?: number;
}

const UNSIGNED = "UNSIGNED-PAYLOAD";
const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const md5Hex = (data: Buffer) => createHash("md5").update(data).digest("hex");

/** SigV4 URI encoding: every byte but the unreserved A–Z a–z 0–9 - . _ ~ as %XX, upper-case hex. */
function uriEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The canonical URI of an S3 request: each path segment decoded and encoded once (no normalising). */
function canonicalUri(rawPath: string): string {
  return rawPath
    .split("/")
    .map((segment) => uriEncode(decode(segment)))
    .join("/");
}

/** The canonical query string: names and values encoded, sorted by name then value, `name=` when bare. */
function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  return rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const at = p.indexOf("=");
      const name = at < 0 ? p : p.slice(0, at);
      const value = at < 0 ? "" : p.slice(at + 1);
      return [uriEncode(decode(name)), uriEncode(decode(value))] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join("&");
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v.join(",") : v).trim().replace(/\s+/g, " ");
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const xmlUnescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

function xml(root: string, fields: Record<string, string>, ns = true): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns ? ` xmlns="${XMLNS}"` : ""}>${inner}</${root}>`;
}

class S3Failure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Starts the fake on 127.0.0.1 and a random port. */
export async function startFakeS3(options: FakeS3Options = {}): Promise<FakeS3> {
  const bucket = options.bucket ?? "mini-crm-test";
  const region = options.region ?? "us-east-1";
  const accessKeyId = options.accessKeyId ?? `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
  const secretAccessKey = options.secretAccessKey ?? randomBytes(30).toString("base64");
  const minPartBytes = options.minPartBytes ?? 5 * 1024 * 1024;
  const objects = new Map<string, FakeS3Object>();
  const uploads: FakeS3["uploads"] = new Map();
  const requests: RecordedS3Request[] = [];

  /** Checks the SigV4 Authorization header of `req` against its body; throws S3Failure when wrong. */
  function verifySignature(req: IncomingMessage, rawPath: string, rawQuery: string, body: Buffer): void {
    const auth = req.headers.authorization;
    if (!auth) throw new S3Failure(403, "AccessDenied", "Access Denied");
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m)
      throw new S3Failure(400, "AuthorizationHeaderMalformed", "The authorization header is malformed.");
    const [, keyId, day, scopeRegion, service, signedHeaderList, signature] = m as unknown as string[];
    if (keyId !== accessKeyId)
      throw new S3Failure(
        403,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
        {
          AWSAccessKeyId: keyId!,
        },
      );
    if (scopeRegion !== region || service !== "s3")
      throw new S3Failure(
        400,
        "AuthorizationHeaderMalformed",
        `The authorization header is malformed; the region '${scopeRegion}' is wrong; expecting '${region}'`,
      );
    const amzDate = headerValue(req, "x-amz-date");
    if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day)
      throw new S3Failure(
        403,
        "AccessDenied",
        "AWS authentication requires a valid Date or x-amz-date header",
      );
    const at = Date.UTC(
      Number(amzDate.slice(0, 4)),
      Number(amzDate.slice(4, 6)) - 1,
      Number(amzDate.slice(6, 8)),
      Number(amzDate.slice(9, 11)),
      Number(amzDate.slice(11, 13)),
      Number(amzDate.slice(13, 15)),
    );
    if (Math.abs(Date.now() - at) > 15 * 60 * 1000)
      throw new S3Failure(
        403,
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
      );

    const signedHeaders = signedHeaderList!.split(";");
    if (!signedHeaders.includes("host") || !signedHeaders.includes("x-amz-date"))
      throw new S3Failure(400, "AuthorizationHeaderMalformed", "host and x-amz-date must be signed.");
    const payloadHash = headerValue(req, "x-amz-content-sha256");
    if (!payloadHash)
      throw new S3Failure(
        400,
        "InvalidRequest",
        "Missing required header for this request: x-amz-content-sha256",
      );
    if (payloadHash.startsWith("STREAMING-"))
      throw new S3Failure(501, "NotImplemented", "aws-chunked uploads are not implemented by this fake.");
    if (payloadHash !== UNSIGNED && payloadHash !== sha256Hex(body))
      throw new S3Failure(
        400,
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );

    const canonicalHeaders = signedHeaders.map((h) => `${h}:${headerValue(req, h) ?? ""}\n`).join("");
    const canonicalRequest = [
      req.method,
      canonicalUri(rawPath),
      canonicalQuery(rawQuery),
      canonicalHeaders,
      signedHeaderList,
      payloadHash,
    ].join("\n");
    const scope = `${day}/${region}/s3/aws4_request`;
    const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day!), region), "s3"), "aws4_request");
    const expected = hmac(signingKey, stringToSign);
    const provided = Buffer.from(signature!, "hex");
    if (provided.length !== expected.length || !timingSafeEqual(provided, expected))
      throw new S3Failure(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        {
          AWSAccessKeyId: keyId!,
          StringToSign: stringToSign,
          SignatureProvided: signature!,
          CanonicalRequest: canonicalRequest,
        },
      );
  }

  function operationOf(method: string, params: URLSearchParams, hasKey: boolean): string {
    if (!hasKey) return "Unknown";
    if (method === "POST" && params.has("uploads")) return "CreateMultipartUpload";
    if (method === "POST" && params.has("uploadId")) return "CompleteMultipartUpload";
    if (method === "PUT" && params.has("uploadId") && params.has("partNumber")) return "UploadPart";
    if (method === "DELETE" && params.has("uploadId")) return "AbortMultipartUpload";
    if (method === "PUT") return "PutObject";
    if (method === "GET") return "GetObject";
    if (method === "HEAD") return "HeadObject";
    if (method === "DELETE") return "DeleteObject";
    return "Unknown";
  }

  function send(res: ServerResponse, status: number, body = "", headers: Record<string, string> = {}) {
    res.writeHead(status, {
      "x-amz-request-id": randomBytes(8).toString("hex").toUpperCase(),
      "x-amz-id-2": randomBytes(24).toString("base64"),
      ...(body
        ? { "content-type": "application/xml", "content-length": String(Buffer.byteLength(body)) }
        : {}),
      ...headers,
    });
    res.end(body);
  }

  function objectHeaders(o: FakeS3Object): Record<string, string> {
    return {
      etag: o.etag,
      "content-length": String(o.body.byteLength),
      "content-type": o.contentType ?? "binary/octet-stream",
      "last-modified": o.lastModified.toUTCString(),
      "accept-ranges": "bytes",
    };
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer, record: RecordedS3Request) {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const params = new URLSearchParams(rawQuery);
    const [, bucketPart = "", ...keyParts] = rawPath.split("/");
    const key = keyParts.map(decode).join("/");
    const method = req.method ?? "GET";
    record.operation = operationOf(method, params, key !== "");

    verifySignature(req, rawPath, rawQuery, body);
    if (decode(bucketPart) !== bucket)
      throw new S3Failure(404, "NoSuchBucket", "The specified bucket does not exist", {
        BucketName: decode(bucketPart),
      });
    if (record.operation === "Unknown")
      throw new S3Failure(
        501,
        "NotImplemented",
        "A header or query you provided implies functionality that is not implemented.",
      );
    const contentMd5 = headerValue(req, "content-md5");
    if (contentMd5 && contentMd5 !== createHash("md5").update(body).digest("base64"))
      throw new S3Failure(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");

    switch (record.operation) {
      case "PutObject": {
        const etag = `"${md5Hex(body)}"`;
        objects.set(key, { body, contentType: req.headers["content-type"], etag, lastModified: new Date() });
        return send(res, 200, "", { etag });
      }
      case "GetObject":
      case "HeadObject": {
        const o = objects.get(key);
        if (!o) throw new S3Failure(404, "NoSuchKey", "The specified key does not exist.", { Key: key });
        res.writeHead(200, objectHeaders(o));
        return res.end(method === "HEAD" ? undefined : o.body);
      }
      case "DeleteObject":
        objects.delete(key);
        return send(res, 204);
      case "CreateMultipartUpload": {
        const uploadId = randomUUID().replace(/-/g, "");
        uploads.set(uploadId, { key, contentType: req.headers["content-type"], parts: new Map() });
        return send(
          res,
          200,
          xml("InitiateMultipartUploadResult", { Bucket: bucket, Key: key, UploadId: uploadId }),
        );
      }
      case "UploadPart": {
        const upload = uploads.get(params.get("uploadId")!);
        if (!upload || upload.key !== key)
          throw new S3Failure(404, "NoSuchUpload", "The specified upload does not exist.", {
            UploadId: params.get("uploadId")!,
          });
        const n = Number(params.get("partNumber"));
        if (!Number.isInteger(n) || n < 1 || n > 10_000)
          throw new S3Failure(
            400,
            "InvalidArgument",
            "Part number must be an integer between 1 and 10000, inclusive",
          );
        const etag = `"${md5Hex(body)}"`;
        upload.parts.set(n, { body, etag });
        return send(res, 200, "", { etag });
      }
      case "CompleteMultipartUpload": {
        const uploadId = params.get("uploadId")!;
        const upload = uploads.get(uploadId);
        if (!upload || upload.key !== key)
          throw new S3Failure(404, "NoSuchUpload", "The specified upload does not exist.", {
            UploadId: uploadId,
          });
        const listed = [...body.toString("utf8").matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((p) => ({
          n: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(p[1]!)?.[1]),
          etag: xmlUnescape(/<ETag>([\s\S]*?)<\/ETag>/.exec(p[1]!)?.[1] ?? "").replace(/"/g, ""),
        }));
        if (listed.length === 0)
          throw new S3Failure(
            400,
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema.",
          );
        const chosen: Buffer[] = [];
        const md5s: Buffer[] = [];
        listed.forEach((p, i) => {
          if (i > 0 && p.n <= listed[i - 1]!.n)
            throw new S3Failure(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
          const part = upload.parts.get(p.n);
          if (!part || part.etag.replace(/"/g, "") !== p.etag)
            throw new S3Failure(400, "InvalidPart", "One or more of the specified parts could not be found.");
          if (i < listed.length - 1 && part.body.byteLength < minPartBytes)
            throw new S3Failure(
              400,
              "EntityTooSmall",
              "Your proposed upload is smaller than the minimum allowed object size.",
            );
          chosen.push(part.body);
          md5s.push(createHash("md5").update(part.body).digest());
        });
        const etag = `"${md5Hex(Buffer.concat(md5s))}-${listed.length}"`;
        objects.set(key, {
          body: Buffer.concat(chosen),
          contentType: upload.contentType,
          etag,
          lastModified: new Date(),
        });
        uploads.delete(uploadId);
        return send(
          res,
          200,
          xml("CompleteMultipartUploadResult", {
            Location: `${endpoint}/${bucket}/${key}`,
            Bucket: bucket,
            Key: key,
            ETag: etag,
          }),
        );
      }
      case "AbortMultipartUpload": {
        const uploadId = params.get("uploadId")!;
        if (!uploads.delete(uploadId))
          throw new S3Failure(404, "NoSuchUpload", "The specified upload does not exist.", {
            UploadId: uploadId,
          });
        return send(res, 204);
      }
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const record: RecordedS3Request = {
        method: req.method ?? "",
        path: (req.url ?? "").split("?")[0]!,
        operation: "Unknown",
        status: 0,
      };
      requests.push(record);
      res.on("finish", () => {
        record.status = res.statusCode;
      });
      try {
        handle(req, res, Buffer.concat(chunks), record);
      } catch (e) {
        if (!(e instanceof S3Failure)) {
          send(res, 500, xml("Error", { Code: "InternalError", Message: String(e) }, false));
          return;
        }
        const requestId = randomBytes(8).toString("hex").toUpperCase();
        // HEAD answers carry no body (the SDK reads the status alone).
        if (req.method === "HEAD") return send(res, e.status, "", { "x-amz-request-id": requestId });
        send(
          res,
          e.status,
          xml("Error", { Code: e.code, Message: e.message, ...e.extra, RequestId: requestId }, false),
          { "x-amz-request-id": requestId },
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    requests,
    uploads,
    env: () => ({
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: region,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
