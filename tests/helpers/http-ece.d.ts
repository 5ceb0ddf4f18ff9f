/** http_ece (the RFC 8188 / RFC 8291 content encoding web-push uses) has no type package. */
declare module "http_ece" {
  import type { ECDH } from "node:crypto";

  interface EceParams {
    version: "aes128gcm" | "aesgcm";
    privateKey?: ECDH;
    authSecret?: Buffer;
    dh?: Buffer;
    key?: Buffer;
  }
  const ece: {
    decrypt(buffer: Buffer, params: EceParams): Buffer;
    encrypt(buffer: Buffer, params: EceParams): Buffer;
  };
  export default ece;
}
