/**
 * In-memory stand-in for an EventStoreDB node, speaking the real gRPC protocol of
 * @eventstore/db-client 6.2.1. It is built from the service definitions and message
 * classes the client package ships (generated/*_pb.js), so the real client talks to
 * it over a real HTTP/2 connection, exactly as it would to a server.
 *
 * Implemented: ServerFeatures.GetSupportedMethods, Gossip.Read, Streams.Append,
 * Streams.BatchAppend, Streams.Read (stream reads, $all reads, $all subscriptions
 * with filter + checkpoints + caught-up + live delivery).
 * Everything else answers UNIMPLEMENTED (grpc-js default for missing handlers).
 */
import * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty as PbEmpty } from "google-protobuf/google/protobuf/empty_pb";
import { StreamsService } from "@eventstore/db-client/generated/streams_grpc_pb";
import { ServerFeaturesService } from "@eventstore/db-client/generated/serverfeatures_grpc_pb";
import { GossipService } from "@eventstore/db-client/generated/gossip_grpc_pb";
import {
  AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp,
} from "@eventstore/db-client/generated/streams_pb";
import {
  AllStreamPosition, Empty, StreamIdentifier, UUID, WrongExpectedVersion,
} from "@eventstore/db-client/generated/shared_pb";
import { Status } from "@eventstore/db-client/generated/status_pb";
import { Code } from "@eventstore/db-client/generated/code_pb";
import { SupportedMethod, SupportedMethods } from "@eventstore/db-client/generated/serverfeatures_pb";
import { ClusterInfo, EndPoint, MemberInfo } from "@eventstore/db-client/generated/gossip_pb";

export interface StoredEvent {
  streamId: string;
  revision: bigint; // 0-based, uint64 on the wire
  commit: bigint; // $all position (uint64 log offset); commit == prepare for gRPC-era writes
  prepare: bigint;
  id: string; // RFC 4122 string
  type: string;
  contentType: string; // "application/json" | "application/octet-stream"
  data: Uint8Array;
  metadata: Uint8Array;
  created: bigint; // .NET ticks (100 ns) since the Unix epoch, sent as metadata["created"]
}

export interface StandInOptions {
  /** Advertise Streams/BatchAppend in ServerFeatures (client then uses it). Default true. */
  batchAppend?: boolean;
  /** Register the ServerFeatures service at all (false = like a pre-21.10 server). Default true. */
  serverFeatures?: boolean;
  serverVersion?: string;
  /** Start with the database's own events in `$all` (`$settings`, `$scavenges`), as a real node does. Default true. */
  systemEvents?: boolean;
}

type Expected =
  | { kind: "any" | "no_stream" | "stream_exists" }
  | { kind: "revision"; revision: bigint };

type AppendResult =
  | { ok: true; current: bigint; first?: StoredEvent; last?: StoredEvent }
  | { ok: false; current: bigint };

interface Proposed { id: string; type: string; contentType: string; data: Uint8Array; metadata: Uint8Array }

interface Filter { on: "stream" | "type"; prefixes: string[]; regex?: RegExp; checkpointEvery: number }

interface Sub {
  call: grpc.ServerWritableStream<ReadReq, ReadResp>;
  filter?: Filter;
  structuredIds: boolean;
  considered: number;
}

const STREAMS = "event_store.client.streams.streams";
const DEFAULT_SEARCH_WINDOW = 32; // server's ReadBatchSize, used when the client sends FilterOptions.count

// ---------- small codecs ----------
const utf8 = (b: Uint8Array | string) => (typeof b === "string" ? b : Buffer.from(b).toString("utf8"));
const streamIdentifier = (name: string) => new StreamIdentifier().setStreamName(Buffer.from(name, "utf8"));
const comparePos = (a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }) =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

/** UUID arrives as {string} (this client) or {structured: msb/lsb as signed int64 strings} (other clients). */
export function uuidFromProto(u: UUID | undefined): string {
  if (!u) return randomUUID();
  if (u.hasString()) return u.getString();
  const s = u.getStructured()!;
  const buf = Buffer.alloc(16);
  buf.writeBigInt64BE(BigInt(s.getMostSignificantBits()), 0);
  buf.writeBigInt64BE(BigInt(s.getLeastSignificantBits()), 8);
  const h = buf.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
function uuidToProto(id: string, structured: boolean): UUID {
  const u = new UUID();
  if (!structured) return u.setString(id);
  const buf = Buffer.from(id.replace(/-/g, ""), "hex");
  return u.setStructured(new UUID.Structured()
    .setMostSignificantBits(buf.readBigInt64BE(0).toString())
    .setLeastSignificantBits(buf.readBigInt64BE(8).toString()));
}

function parseProposed(m: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): Proposed {
  const md = m.getMetadataMap();
  return {
    id: uuidFromProto(m.getId()),
    type: md.get("type") ?? "",
    // The real server only keeps an is-json bit: anything else comes back as octet-stream.
    contentType: md.get("content-type") === "application/json" ? "application/json" : "application/octet-stream",
    data: m.getData_asU8(),
    metadata: m.getCustomMetadata_asU8(),
  };
}

function parseFilter(o: ReadReq.Options): Filter | undefined {
  if (!o.hasFilter()) return undefined;
  const f = o.getFilter()!;
  const expr = f.hasStreamIdentifier() ? f.getStreamIdentifier()! : f.getEventType()!;
  const window = f.hasMax() ? f.getMax() : DEFAULT_SEARCH_WINDOW;
  return {
    on: f.hasStreamIdentifier() ? "stream" : "type",
    prefixes: expr.getPrefixList(),
    regex: expr.getRegex() ? new RegExp(expr.getRegex()) : undefined,
    checkpointEvery: Math.max(1, f.getCheckpointintervalmultiplier()) * window,
  };
}
function matches(f: Filter, e: StoredEvent): boolean {
  const subject = f.on === "stream" ? e.streamId : e.type;
  return f.regex ? f.regex.test(subject) : f.prefixes.some((p) => subject.startsWith(p));
}

function toReadResp(e: StoredEvent, structuredIds: boolean): ReadResp {
  const rec = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidToProto(e.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(e.streamId))
    .setStreamRevision(e.revision.toString())
    .setPreparePosition(e.prepare.toString())
    .setCommitPosition(e.commit.toString())
    .setData(e.data)
    .setCustomMetadata(e.metadata);
  rec.getMetadataMap()
    .set("type", e.type)
    .set("content-type", e.contentType)
    .set("created", e.created.toString());
  return new ReadResp().setEvent(new ReadResp.ReadEvent().setEvent(rec).setCommitPosition(e.commit.toString()));
}

// ---------- the stand-in ----------
export class EventStoreStandIn {
  readonly log: StoredEvent[] = [];
  /** "Service/Method detail" for every RPC received, to show what the client actually calls. */
  readonly calls: string[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly subs = new Set<Sub>();
  private readonly server = new grpc.Server();
  private nextLogPosition = 1024n; // user events never start at 0 on a real node
  private boundPort = 0;

  constructor(private readonly opts: StandInOptions = {}) {
    if (opts.systemEvents ?? true) {
      this.writeSystemEvent("$settings", "$settings");
      this.writeSystemEvent("$scavenges", "$scavengeIndexInitialized");
    }
    const batch = opts.batchAppend ?? true;
    this.server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, cb: grpc.sendUnaryData<AppendResp>) =>
        this.append(call, cb),
      ...(batch ? { batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call) } : {}),
    });
    if (opts.serverFeatures ?? true) {
      this.server.addService(ServerFeaturesService, {
        getSupportedMethods: (_call: unknown, cb: grpc.sendUnaryData<SupportedMethods>) => {
          this.calls.push("ServerFeatures/GetSupportedMethods");
          const methods: [string, string, string[]][] = [
            [STREAMS, "read", ["position", "events"]],
            [STREAMS, "append", []],
            ...(batch ? [[STREAMS, "batchappend", ["deadline_duration"]] as [string, string, string[]]] : []),
            ["event_store.client.gossip.gossip", "read", []],
            ["event_store.client.server_features.serverfeatures", "getsupportedmethods", []],
          ];
          cb(null, new SupportedMethods()
            .setEventStoreServerVersion(opts.serverVersion ?? "23.10.0")
            .setMethodsList(methods.map(([svc, m, f]) =>
              new SupportedMethod().setServiceName(svc).setMethodName(m).setFeaturesList(f))));
        },
      });
    }
    this.server.addService(GossipService, {
      read: (_call: unknown, cb: grpc.sendUnaryData<ClusterInfo>) => {
        this.calls.push("Gossip/Read");
        const me = new MemberInfo()
          .setInstanceId(uuidToProto(randomUUID(), true))
          .setTimeStamp((BigInt(Date.now()) * 10000n).toString())
          .setState(MemberInfo.VNodeState.LEADER)
          .setIsAlive(true)
          .setHttpEndPoint(new EndPoint().setAddress("127.0.0.1").setPort(this.boundPort));
        cb(null, new ClusterInfo().setMembersList([me]));
      },
    });
  }

  async start(port = 0): Promise<number> {
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p)));
    return this.boundPort;
  }
  get port(): number {
    return this.boundPort;
  }
  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }
  /** Ends the server at once (open BatchAppend/subscription calls would block a graceful shutdown). */
  stop(): void {
    this.server.forceShutdown();
  }

  /** Ends every open subscription call with the given status, as a node restart or a dropped connection would. */
  dropSubscriptions(code: grpc.status = grpc.status.UNAVAILABLE, details = "Subscription dropped by the stand-in"): number {
    const n = this.subs.size;
    for (const s of this.subs) s.call.emit("error", { code, details });
    this.subs.clear();
    return n;
  }

  /** Writes an event the way the database itself does, into a `$`-stream such as `$stats-…`. */
  writeSystemEvent(streamId = "$stats-127.0.0.1:2113", type = "$statsCollected"): void {
    const data = Buffer.from("{}");
    this.tryAppend(streamId, { kind: "any" }, [{ id: randomUUID(), type, contentType: "application/json", data, metadata: new Uint8Array() }]);
  }

  readStreamEvents(name: string): readonly StoredEvent[] {
    return this.streams.get(name) ?? [];
  }

  // ---------- core write path, shared by Append and BatchAppend ----------
  private tryAppend(streamId: string, expected: Expected, proposed: Proposed[]): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    const current = BigInt(stream.length) - 1n; // -1 = no stream
    const ok =
      expected.kind === "any" ||
      (expected.kind === "no_stream" && current === -1n) ||
      (expected.kind === "stream_exists" && current >= 0n) ||
      (expected.kind === "revision" && current === expected.revision);
    if (!ok) {
      // Idempotent retry: same event ids already written right after the expected revision.
      const from = expected.kind === "revision" ? expected.revision + 1n : expected.kind === "no_stream" ? 0n : -1n;
      const written = from >= 0n ? stream.slice(Number(from), Number(from) + proposed.length) : [];
      if (proposed.length > 0 && written.length === proposed.length && written.every((e, i) => e.id === proposed[i].id))
        return { ok: true, current: written[written.length - 1].revision, first: written[0], last: written[written.length - 1] };
      return { ok: false, current };
    }
    if (proposed.length === 0) return { ok: true, current };
    const created = BigInt(Date.now()) * 10000n;
    const added = proposed.map((p, i): StoredEvent => {
      const pos = this.nextLogPosition;
      // Advance like a byte offset in the transaction log, so positions are not dense counters.
      this.nextLogPosition += BigInt(64 + streamId.length + p.type.length + p.data.length + p.metadata.length);
      return { ...p, streamId, revision: current + 1n + BigInt(i), commit: pos, prepare: pos, created };
    });
    stream.push(...added);
    this.streams.set(streamId, stream);
    this.log.push(...added);
    for (const e of added) for (const s of this.subs) this.deliver(s, e);
    return { ok: true, current: current + BigInt(added.length), first: added[0], last: added[added.length - 1] };
  }

  // ---------- Streams.Append (client streaming: Options first, then one ProposedMessage per event) ----------
  private append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, cb: grpc.sendUnaryData<AppendResp>) {
    let options: AppendReq.Options | undefined;
    const proposed: Proposed[] = [];
    call.on("data", (req: AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) proposed.push(parseProposed(req.getProposedMessage()!));
    });
    call.on("end", () => {
      if (!options) return cb({ code: grpc.status.INVALID_ARGUMENT, details: "First AppendReq must carry options" });
      const streamId = utf8(options.getStreamIdentifier()!.getStreamName());
      const expected: Expected = options.hasRevision()
        ? { kind: "revision", revision: BigInt(options.getRevision()) }
        : options.hasNoStream() ? { kind: "no_stream" } : options.hasStreamExists() ? { kind: "stream_exists" } : { kind: "any" };
      this.calls.push(`Streams/Append ${streamId} expected=${expected.kind}`);
      const r = this.tryAppend(streamId, expected, proposed);
      const resp = new AppendResp();
      if (r.ok) {
        const s = new AppendResp.Success();
        if (r.current < 0n) s.setNoStream(new Empty()); else s.setCurrentRevision(r.current.toString());
        // Same convention as the server's WriteEventsCompleted: commit = last record, prepare = transaction start.
        if (r.last) s.setPosition(new AppendResp.Position()
          .setCommitPosition(r.last.commit.toString()).setPreparePosition(r.first!.prepare.toString()));
        else s.setNoPosition(new Empty());
        return cb(null, resp.setSuccess(s));
      }
      // A wrong expected version is a normal *response* here (not a gRPC error), with both the
      // current fields (6..11) and the deprecated *_20_6_0 ones (1..5), like servers >= 20.10 do.
      const w = new AppendResp.WrongExpectedVersion();
      if (r.current < 0n) w.setCurrentNoStream(new Empty()).setNoStream2060(new Empty());
      else w.setCurrentRevision(r.current.toString()).setCurrentRevision2060(Number(r.current));
      if (expected.kind === "revision") w.setExpectedRevision(expected.revision.toString()).setExpectedRevision2060(Number(expected.revision));
      else if (expected.kind === "no_stream") w.setExpectedNoStream(new Empty()); // server also sets expected_revision_20_6_0 = ulong.MaxValue (not representable as a JS number)
      else if (expected.kind === "stream_exists") w.setExpectedStreamExists(new Empty()).setStreamExists2060(new Empty());
      else w.setExpectedAny(new Empty()).setAny2060(new Empty());
      cb(null, resp.setWrongExpectedVersion(w));
    });
  }

  // ---------- Streams.BatchAppend (bidi, one long-lived call; requests correlated by correlation_id) ----------
  private batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) {
    const pending = new Map<string, { streamId: string; expected: Expected; events: Proposed[] }>();
    call.on("data", (req: BatchAppendReq) => {
      const key = uuidFromProto(req.getCorrelationId());
      if (req.hasOptions()) {
        const o = req.getOptions()!;
        pending.set(key, {
          streamId: utf8(o.getStreamIdentifier()!.getStreamName()),
          expected: o.hasStreamPosition()
            ? { kind: "revision", revision: BigInt(o.getStreamPosition()) }
            : o.hasNoStream() ? { kind: "no_stream" } : o.hasStreamExists() ? { kind: "stream_exists" } : { kind: "any" },
          events: [],
        });
      }
      const p = pending.get(key);
      if (!p) return;
      p.events.push(...req.getProposedMessagesList().map(parseProposed));
      if (!req.getIsFinal()) return;
      pending.delete(key);
      this.calls.push(`Streams/BatchAppend ${p.streamId} expected=${p.expected.kind}`);
      const r = this.tryAppend(p.streamId, p.expected, p.events);
      const resp = new BatchAppendResp().setCorrelationId(req.getCorrelationId()).setStreamIdentifier(streamIdentifier(p.streamId));
      if (r.ok) {
        const s = new BatchAppendResp.Success();
        if (r.current < 0n) s.setNoStream(new PbEmpty()); else s.setCurrentRevision(r.current.toString());
        if (r.last) s.setPosition(new AllStreamPosition()
          .setCommitPosition(r.last.commit.toString()).setPreparePosition(r.first!.prepare.toString()));
        else s.setNoPosition(new PbEmpty());
        call.write(resp.setSuccess(s));
        return;
      }
      // Here a wrong expected version is a google.rpc.Status-like error inside the response:
      // code ALREADY_EXISTS, message "WrongExpectedVersion", details = Any(event_store.client.WrongExpectedVersion).
      const w = new WrongExpectedVersion();
      if (r.current < 0n) w.setCurrentNoStream(new PbEmpty()); else w.setCurrentStreamRevision(r.current.toString());
      const e = p.expected;
      if (e.kind === "revision") w.setExpectedStreamPosition(e.revision.toString());
      else if (e.kind === "no_stream") w.setExpectedNoStream(new PbEmpty());
      else if (e.kind === "stream_exists") w.setExpectedStreamExists(new PbEmpty());
      else w.setExpectedAny(new PbEmpty());
      const details = new Any();
      details.pack(w.serializeBinary(), "event_store.client.WrongExpectedVersion");
      call.write(resp.setError(new Status().setCode(Code.ALREADY_EXISTS).setMessage("WrongExpectedVersion").setDetails(details)));
    });
    call.on("end", () => call.end());
    call.on("error", () => undefined); // client cancelled (dispose); nothing to clean up
  }

  // ---------- Streams.Read: stream read, $all read, $all subscription ----------
  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>) {
    const o = call.request.getOptions()!;
    const structuredIds = o.getUuidOption()?.hasStructured() ?? false;
    const forwards = o.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
    const filter = parseFilter(o);
    const what = o.hasStream() ? utf8(o.getStream()!.getStreamIdentifier()!.getStreamName()) : "$all";
    this.calls.push(`Streams/Read ${what} ${o.hasSubscription() ? "subscription" : `count=${o.getCount()}`} ` +
      `${forwards ? "forwards" : "backwards"} filter=${filter ? `${filter.on}:${filter.regex ?? filter.prefixes.join("|")}` : "none"}`);

    if (o.hasSubscription()) {
      if (o.hasStream()) return call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "subscribeToStream is not in the stand-in" });
      return this.subscribeToAll(call, o.getAll()!, filter, structuredIds);
    }
    let events: StoredEvent[];
    if (o.hasStream()) {
      const so = o.getStream()!;
      const stream = this.streams.get(what);
      if (!stream) {
        call.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(what))));
        return call.end();
      }
      const last = BigInt(stream.length) - 1n;
      const from = so.hasRevision() ? BigInt(so.getRevision()) : so.hasEnd() ? (forwards ? last + 1n : last) : forwards ? 0n : -1n;
      events = forwards ? stream.filter((e) => e.revision >= from) : stream.filter((e) => e.revision <= from).reverse();
    } else {
      const ao = o.getAll()!;
      const p = ao.getPosition();
      const from = p ? { commit: BigInt(p.getCommitPosition()), prepare: BigInt(p.getPreparePosition()) } : undefined;
      // forwards: inclusive of `from`; backwards: strictly before `from`
      events = forwards
        ? ao.hasEnd() ? [] : this.log.filter((e) => !from || comparePos(e, from) >= 0)
        : ao.hasStart() ? [] : this.log.filter((e) => !from || comparePos(e, from) < 0).reverse();
      if (filter) events = events.filter((e) => matches(filter, e));
    }
    const count = BigInt(o.getCount());
    for (const e of events.slice(0, count > BigInt(events.length) ? events.length : Number(count)))
      call.write(toReadResp(e, structuredIds));
    call.end();
  }

  private subscribeToAll(call: Sub["call"], ao: ReadReq.Options.AllOptions, filter: Filter | undefined, structuredIds: boolean) {
    const sub: Sub = { call, filter, structuredIds, considered: 0 };
    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
    if (!ao.hasEnd()) {
      const p = ao.getPosition();
      const from = p ? { commit: BigInt(p.getCommitPosition()), prepare: BigInt(p.getPreparePosition()) } : undefined;
      // Subscribing from a position is EXCLUSIVE: the event at `from` is not redelivered.
      for (const e of this.log) if (!from || comparePos(e, from) > 0) this.deliver(sub, e);
    }
    call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    this.subs.add(sub);
    const forget = () => this.subs.delete(sub);
    call.on("cancelled", forget); // client called unsubscribe()/dispose()
    call.on("close", forget);
  }

  private deliver(sub: Sub, e: StoredEvent) {
    if (!sub.filter) return void sub.call.write(toReadResp(e, sub.structuredIds));
    if (matches(sub.filter, e)) sub.call.write(toReadResp(e, sub.structuredIds));
    // Checkpoints count *considered* events (matching or not), every multiplier x window of them.
    if (++sub.considered >= sub.filter.checkpointEvery) {
      sub.considered = 0;
      sub.call.write(new ReadResp().setCheckpoint(new ReadResp.Checkpoint()
        .setCommitPosition(e.commit.toString()).setPreparePosition(e.prepare.toString())));
    }
  }
}
