// Minimal typings for negotiator 0.6.4, which ships none (@types/negotiator lacks the `preferred` argument that
// `compression` passes). Only what app/whole-body-compression.server.ts uses; read node_modules/negotiator first to widen.
declare module "negotiator" {
  import type { IncomingMessage } from "node:http";
  export default class Negotiator {
    constructor(request: IncomingMessage);
    /** The client's most wanted of `available`; among equals, the first of `preferred`. */
    encoding(available: string[], preferred?: string[]): string | undefined;
  }
}
