import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { resolve } from 'node:path';
import { ReminderPolicy, Severity } from '@incident-ledger/domain';
import { StatusPageSettings } from '@incident-ledger/read-models';
import { isHttpUrl, isStatusPageName, statusPageLinksProblem, statusPageSettings } from '../statuspage/status-page-settings';
import { parseReminderPolicy, reminderPolicyProblem } from '../reminders/reminder-policy';
import { OncallNoticePolicy, parseShiftReminders, shiftRemindersProblem } from '../oncall/oncall-notices';
import { API_KEY_PATTERN } from '../access/api-key-credentials';
import { SECRET_KEY_FORMAT_MESSAGE, SECRET_KEY_PATTERN, SECRET_KEYS_PATTERN, SecretKeySettings, secretKeysOf } from '../notifications/secret-box';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** A whole number from `min` to `max`, read from its variable's text. */
const IntegerSetting =
  (min: number, max: number): PropertyDecorator =>
  (target, property) => {
    for (const decorate of [Transform(toInt), IsInt(), Min(min), Max(max)]) decorate(target, property);
  };

const PROXY_ENTRY = String.raw`(loopback|linklocal|uniquelocal|(\d{1,3}\.){3}\d{1,3}(/\d{1,2})?|[\da-fA-F:.]*:[\da-fA-F:.]*(/\d{1,3})?)`;
const TRUST_PROXY_PATTERN = new RegExp(String.raw`^(${PROXY_ENTRY}(\s*,\s*${PROXY_ENTRY})*)?$`);

/**
 * Every setting the server reads, from environment variables, validated once
 * at start. The README's configuration table lists the same variables.
 */
export class AppConfig implements SecretKeySettings {
  /** HTTP port; 0 picks a free one (the chosen port is logged). */
  @IntegerSetting(0, 65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  /** Where the embedded store keeps its file. */
  @IsString()
  @IsNotEmpty()
  DATA_DIR = './data';

  /** `sqlite` (embedded, durable), `eventstoredb` (EventStoreDB/KurrentDB at EVENTSTORE_CONNECTION_STRING) or `memory` (lost at exit: demos and tests). */
  @IsIn(['sqlite', 'eventstoredb', 'memory'])
  EVENT_STORE = 'sqlite';

  /** Where EventStoreDB listens, for example `esdb://localhost:2113?tls=false` (required with EVENT_STORE=eventstoredb). */
  @ValidateIf((config: AppConfig) => config.EVENT_STORE === 'eventstoredb')
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, { message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// or esdb+discover:// connection string' })
  EVENTSTORE_CONNECTION_STRING?: string = undefined;

  /** Names this ledger's part of an EventStoreDB shared by several: its streams are `<prefix>/<stream>`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, { message: 'EVENTSTORE_STREAM_PREFIX must be 1 to 64 letters, digits, _ . : or -, starting with a letter or digit' })
  EVENTSTORE_STREAM_PREFIX?: string = undefined;

  /** `full`: fsync before acknowledging (survives power loss). `normal`: survives a process crash only. */
  @IsIn(['full', 'normal'])
  DURABILITY = 'full';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  /** Snapshot the read models to DATA_DIR so a restart replays only what came after (sqlite and eventstoredb stores). */
  @IsIn(['true', 'false'])
  SNAPSHOTS = 'true';

  /** How often to consider a snapshot, in ms; one is written when SNAPSHOT_MIN_EVENTS new events were applied. */
  @IntegerSetting(1000, 24 * 60 * 60 * 1000)
  SNAPSHOT_INTERVAL_MS = 60_000;

  @IntegerSetting(1, 100_000_000)
  SNAPSHOT_MIN_EVENTS = 1000;

  /** Largest accepted request body, in bytes. */
  @IntegerSetting(1024, 64 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** How long a mutation waits for the read models to apply its own write. */
  @IntegerSetting(1, 60_000)
  READ_YOUR_WRITES_TIMEOUT_MS = 5000;

  /** The deepest GraphQL selection accepted. */
  @IntegerSetting(2, 50)
  GRAPHQL_MAX_DEPTH = 10;

  /** Serve the GraphiQL IDE at /graphiql. */
  @IsIn(['true', 'false'])
  GRAPHIQL = 'true';

  /** How long a link made by createReviewReportLink opens the HTML review report, in minutes. */
  @IntegerSetting(1, 24 * 60)
  REVIEW_LINK_MINUTES = 15;

  /** The most an operation may cost (fields times list sizes); see the README. */
  @IntegerSetting(10, 10_000_000)
  GRAPHQL_MAX_COST = 25_000;

  /** Requests per second each credential regains; 0 turns rate limiting off. */
  @IntegerSetting(0, 1_000_000)
  RATE_LIMIT_PER_SECOND = 50;

  /** Requests a credential may send at once before the per-second rate applies. */
  @IntegerSetting(1, 1_000_000)
  RATE_LIMIT_BURST = 200;

  /** Alert requests (webhooks, PagerDuty events) each integration regains per second; 0 turns their limit off. */
  @IntegerSetting(0, 1_000_000)
  INGEST_RATE_LIMIT_PER_SECOND = 200;

  /**
   * Alert requests an integration may send at once: Alertmanager sends one request per alert group, so a storm
   * of a thousand groups arrives at once and must not be refused.
   */
  @IntegerSetting(1, 1_000_000)
  INGEST_RATE_LIMIT_BURST = 2_000;

  /** Largest alert payload, in bytes (Alertmanager sends every alert of a group in one request unless `max_alerts` is set). */
  @IntegerSetting(1024, 256 * 1024 * 1024)
  INGEST_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

  /**
   * Wrong secrets for existing API keys that one key, and one client address,
   * may see per minute before the slow check is refused for them (429); 0 turns it off.
   */
  @IntegerSetting(0, 100_000)
  AUTH_FAILURES_PER_MINUTE = 30;

  /**
   * The proxies in front of this server whose `X-Forwarded-For` names the
   * client: comma-separated addresses and CIDR ranges (`loopback`, `linklocal`
   * and `uniquelocal` name the usual ones). Empty: no proxy is trusted, and
   * the client is the connection's peer. (No hop count: it would trust any
   * peer, so a client could name its own address.)
   */
  @Matches(TRUST_PROXY_PATTERN, {
    message: 'TRUST_PROXY must be comma-separated IP addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  })
  TRUST_PROXY = '';

  /** Origins allowed to call the API from a browser, comma-separated (`https://console.example.com`). Empty: none. */
  @IsString()
  CORS_ORIGINS = '';

  /** The most live feeds (subscriptions) one graphql-ws connection may hold. */
  @IntegerSetting(1, 10_000)
  MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

  /** The most graphql-ws connections one credential (API key or token subject) may hold open at once. */
  @IntegerSetting(1, 10_000)
  MAX_CONNECTIONS_PER_CREDENTIAL = 20;

  /** How long the once-only-work lease lasts; its holder renews it every third of that. */
  @IntegerSetting(300, 10 * 60_000)
  LEASE_TTL_MS = 15_000;

  /** How long a graceful shutdown waits for requests in flight before closing. */
  @IntegerSetting(0, 120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * A first admin key (`ilk_<12 lower-case letters or digits>_<32+ characters>`),
   * registered at start when the store has no active admin key; ignored after.
   */
  @IsOptional()
  @Matches(API_KEY_PATTERN, {
    message: 'BOOTSTRAP_ADMIN_KEY must look like ilk_<12 lower-case letters or digits>_<32 to 128 of A-Z a-z 0-9 _ ->',
  })
  BOOTSTRAP_ADMIN_KEY?: string = undefined;

  /** Accept bearer tokens signed by the keys published here (an OIDC provider's jwks_uri). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  JWT_JWKS_URL?: string = undefined;

  /** Or accept HS256 tokens signed with this shared secret (at least 32 characters). */
  @IsOptional()
  @MinLength(32)
  JWT_SECRET?: string = undefined;

  /** The `iss` tokens must carry (required with JWT_JWKS_URL or JWT_SECRET). */
  @ValidateIf((config: AppConfig) => Boolean(config.JWT_JWKS_URL || config.JWT_SECRET))
  @IsString()
  @IsNotEmpty()
  JWT_ISSUER?: string = undefined;

  /** The `aud` tokens must carry (required with JWT_JWKS_URL or JWT_SECRET). */
  @ValidateIf((config: AppConfig) => Boolean(config.JWT_JWKS_URL || config.JWT_SECRET))
  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE?: string = undefined;

  /** The claim holding the role(s), as a dotted path (`role`, `groups`, `realm_access.roles`). */
  @IsString()
  @IsNotEmpty()
  JWT_ROLE_CLAIM = 'role';

  /** Claim values to roles: `sre-admins=ADMIN,sre=RESPONDER`. Role names (VIEWER, RESPONDER, ADMIN, INGEST) always map to themselves. */
  @Matches(/^(\s*[^=,\s][^=,]*=\s*(VIEWER|RESPONDER|ADMIN|INGEST)\s*)?(,\s*[^=,\s][^=,]*=\s*(VIEWER|RESPONDER|ADMIN|INGEST)\s*)*$/i, {
    message: 'JWT_ROLE_MAP must be a comma-separated list of claim-value=ROLE',
  })
  JWT_ROLE_MAP = '';

  /** Claims naming the person (the actor recorded on events), in order of preference. */
  @IsString()
  @IsNotEmpty()
  JWT_NAME_CLAIMS = 'preferred_username,email,sub';

  /** Severities whose incidents close only once their report is published, comma-separated; `none` for no such rule. */
  @Matches(/^(none|SEV[1-5](,SEV[1-5])*)$/, { message: 'REPORT_REQUIRED_FOR must be none or a comma-separated list of SEV1 to SEV5' })
  REPORT_REQUIRED_FOR = 'SEV1,SEV2,SEV3';

  /**
   * Encrypts the secrets the server keeps (channel URLs, webhook signing
   * secrets): 32 random bytes in base64 or hex (`openssl rand -base64 32`).
   * Without it the server cannot create notification channels.
   */
  @IsOptional()
  @Matches(SECRET_KEY_PATTERN, { message: `LEDGER_SECRET_KEY ${SECRET_KEY_FORMAT_MESSAGE}` })
  LEDGER_SECRET_KEY?: string = undefined;

  /** Keys LEDGER_SECRET_KEY replaced, comma-separated: what they sealed still opens; nothing new is sealed with them. */
  @IsOptional()
  @Matches(SECRET_KEYS_PATTERN, { message: `LEDGER_SECRET_KEY_PREVIOUS: comma-separated keys, each ${SECRET_KEY_FORMAT_MESSAGE}` })
  @ValidateBy({
    name: 'needsCurrentKey',
    validator: {
      validate: (_value, args) => Boolean((args?.object as AppConfig).LEDGER_SECRET_KEY),
      defaultMessage: () => 'LEDGER_SECRET_KEY_PREVIOUS needs LEDGER_SECRET_KEY: previous keys only open secrets, the current one seals them',
    },
  })
  LEDGER_SECRET_KEY_PREVIOUS?: string = undefined;

  /**
   * Let notification deliveries reach loopback, private, link-local and other
   * non-public addresses: receivers on your own network, and tests. Off, a
   * channel's URL is checked after DNS resolution and on every redirect.
   */
  @IsIn(['true', 'false'])
  NOTIFY_ALLOW_PRIVATE_NETWORKS = 'false';

  /** Allow plain `http:` channel URLs besides `https:`. */
  @IsIn(['true', 'false'])
  NOTIFY_ALLOW_HTTP = 'false';

  /**
   * Delays of a delivery's attempts: before the first, then after each
   * failure (`500ms`, `5s`, `5m`, `2h`); after the last, a dead letter. The
   * default is the Standard Webhooks schedule.
   */
  @Matches(/^\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*(,\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*){0,49}$/, {
    message: 'NOTIFY_RETRY_SCHEDULE must be 1 to 50 comma-separated delays such as 0, 500ms, 5s, 5m or 2h',
  })
  NOTIFY_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,14h,20h,24h';

  /** How long one delivery attempt may take, DNS and redirects included. */
  @IntegerSetting(100, 120_000)
  NOTIFY_TIMEOUT_MS = 10_000;

  /**
   * The process reminders' delays, changed from the defaults kind by kind
   * (see parseReminderPolicy): `STATUS_UPDATE_EXTERNAL=SEV1:15m,SEV2:30m;NO_COMMANDER=off`.
   */
  @ValidateBy({
    name: 'reminderPolicy',
    validator: {
      validate: (value) => typeof value === 'string' && reminderPolicyProblem(value) === null,
      defaultMessage: (args) => reminderPolicyProblem(String(args?.value)) ?? 'REMINDER_POLICY is not a reminder policy',
    },
  })
  REMINDER_POLICY = '';

  /** On-call shift reminders: hours before each shift, each a reminder to the person on call (`24h,1h`), for whoever did not choose their own; `off` sends none to anyone. */
  @ValidateBy({
    name: 'shiftReminders',
    validator: {
      validate: (value) => typeof value === 'string' && shiftRemindersProblem(value) === null,
      defaultMessage: (args) => shiftRemindersProblem(String(args?.value)) ?? 'SHIFT_REMINDERS is not a list of hours',
    },
  })
  SHIFT_REMINDERS = '24h,1h';

  /** How many days ahead the owning team is warned of a gap in a schedule (nobody on call); 0 warns of none. */
  @IntegerSetting(0, 30)
  GAP_WARNING_DAYS = 7;

  /**
   * Where email leaves the server: `smtp://user:pass@host:587` (STARTTLS when
   * the server offers it) or `smtps://user:pass@host:465`. It holds a
   * credential: never logged nor answered. Without it, EMAIL channels cannot
   * be created and nobody is mailed.
   */
  @IsOptional()
  @ValidateBy({
    name: 'smtpUrl',
    validator: {
      validate: (value) => typeof value === 'string' && isSmtpUrl(value),
      defaultMessage: () => 'SMTP_URL must be an smtp:// or smtps:// URL with a host, such as smtp://user:pass@mail.example.com:587',
    },
  })
  SMTP_URL?: string = undefined;

  /** Who mail comes from, such as `Incident Ledger <ledger@example.com>` (required with SMTP_URL). */
  @ValidateIf((config: AppConfig) => Boolean(config.SMTP_URL) || config.SMTP_FROM !== undefined)
  @Matches(/^\s*([^<>@\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)\s*$/, {
    message: 'SMTP_FROM must be an address, alone or as Name <address> (and is required with SMTP_URL)',
  })
  SMTP_FROM?: string = undefined;

  /**
   * Where people open an incident (your console): an http(s) URL with `{id}`
   * where the incident's id goes, such as
   * `https://console.example.com/incidents/{id}`. Every notification links
   * there; without it, messages carry no link.
   */
  @IsOptional()
  @ValidateBy({
    name: 'incidentUrlTemplate',
    validator: {
      validate: (value) => typeof value === 'string' && isIncidentUrlTemplate(value),
      defaultMessage: () => 'INCIDENT_URL_TEMPLATE must be an http:// or https:// URL with {id} where the incident id goes, such as https://console.example.com/incidents/{id}',
    },
  })
  INCIDENT_URL_TEMPLATE?: string = undefined;

  /**
   * The ledger's own address as people reach it (behind a proxy, the
   * proxy's), such as `https://ledger.example.com`: the links pages carry to
   * be acknowledged start with it. Default `http://localhost:<PORT>`.
   */
  @IsOptional()
  @ValidateBy({
    name: 'publicUrl',
    validator: {
      validate: (value) => typeof value === 'string' && isPublicUrl(value),
      defaultMessage: () => 'PUBLIC_URL must be the http:// or https:// address of the ledger, with no path, user, query or fragment, such as https://ledger.example.com',
    },
  })
  PUBLIC_URL?: string = undefined;

  /** The status page's name, in its title, heading, badge and feeds. */
  @ValidateBy({
    name: 'statusPageName',
    validator: { validate: (value) => typeof value === 'string' && isStatusPageName(value), defaultMessage: () => 'STATUS_PAGE_NAME must be 1 to 100 characters' },
  })
  STATUS_PAGE_NAME = 'Status';

  /** The logo at the top of the status page: an http(s) URL. None by default. */
  @IsOptional()
  @ValidateBy({
    name: 'statusPageLogoUrl',
    validator: { validate: (value) => typeof value === 'string' && isHttpUrl(value), defaultMessage: () => 'STATUS_PAGE_LOGO_URL must be an http:// or https:// URL' },
  })
  STATUS_PAGE_LOGO_URL?: string = undefined;

  /** Links in the status page's header: `Label=https://…` pairs, comma-separated. */
  @ValidateBy({
    name: 'statusPageLinks',
    validator: { validate: (value) => typeof value === 'string' && statusPageLinksProblem(value) === null, defaultMessage: (args) => statusPageLinksProblem(String(args?.value)) ?? '' },
  })
  STATUS_PAGE_LINKS = '';

  /** How long a page's acknowledgement link works after the page was sent, in hours. */
  @IntegerSetting(1, 30 * 24)
  PAGE_LINK_TTL_HOURS = 24;

  /**
   * For tests and demos only: read the current time from this file (one
   * ISO-8601 instant) instead of the system clock, so that a test can give
   * incidents known times. Refused when NODE_ENV is production.
   */
  @IsOptional()
  @IsString()
  CLOCK_FILE?: string = undefined;

  /** The incident in your console (INCIDENT_URL_TEMPLATE), or null without one. */
  incidentLink(incidentId: string): string | null {
    return this.INCIDENT_URL_TEMPLATE ? this.INCIDENT_URL_TEMPLATE.replaceAll('{id}', encodeURIComponent(incidentId)) : null;
  }

  /** PUBLIC_URL as an origin (no trailing slash), or this server on localhost: where links to the ledger itself start. */
  get publicUrl(): string {
    return this.PUBLIC_URL ? new URL(this.PUBLIC_URL).origin : `http://localhost:${this.PORT}`;
  }

  get statusPage(): StatusPageSettings {
    return statusPageSettings({ name: this.STATUS_PAGE_NAME, logoUrl: this.STATUS_PAGE_LOGO_URL ?? null, links: this.STATUS_PAGE_LINKS, publicUrl: this.publicUrl, subscriptions: secretKeysOf(this) !== undefined });
  }

  /** Where notifications may be sent, from NOTIFY_ALLOW_PRIVATE_NETWORKS and NOTIFY_ALLOW_HTTP. */
  get notifyNetwork(): { allowPrivateNetworks: boolean; allowHttp: boolean } {
    return { allowPrivateNetworks: this.NOTIFY_ALLOW_PRIVATE_NETWORKS === 'true', allowHttp: this.NOTIFY_ALLOW_HTTP === 'true' };
  }

  /** Where and as whom mail is sent, from SMTP_URL and SMTP_FROM; undefined when the server sends none. */
  get smtp(): { url: string; from: string } | undefined {
    return this.SMTP_URL && this.SMTP_FROM ? { url: this.SMTP_URL, from: this.SMTP_FROM.trim() } : undefined;
  }

  /** TRUST_PROXY as Fastify's `trustProxy`: false, or the trusted addresses. */
  get trustProxy(): false | string[] {
    const value = this.TRUST_PROXY.trim();
    return value === '' ? false : value.split(',').map((entry) => entry.trim());
  }

  get oncallNoticePolicy(): OncallNoticePolicy {
    return { shiftReminderHours: parseShiftReminders(this.SHIFT_REMINDERS), gapWarningDays: this.GAP_WARNING_DAYS };
  }

  get reminderPolicy(): ReminderPolicy {
    return parseReminderPolicy(this.REMINDER_POLICY);
  }

  get reportRequiredFor(): Severity[] {
    return this.REPORT_REQUIRED_FOR === 'none' ? [] : (this.REPORT_REQUIRED_FOR.split(',') as Severity[]);
  }

  get databasePath(): string {
    return resolve(this.DATA_DIR, 'events.sqlite');
  }

  get snapshotPath(): string {
    return resolve(this.DATA_DIR, 'read-models.snapshot');
  }
}

/** Variables whose values are secrets: never echoed in error messages. */
const SECRET_VARIABLES = new Set(['BOOTSTRAP_ADMIN_KEY', 'JWT_SECRET', 'EVENTSTORE_CONNECTION_STRING', 'LEDGER_SECRET_KEY', 'LEDGER_SECRET_KEY_PREVIOUS', 'SMTP_URL']);

function isIncidentUrlTemplate(text: string): boolean {
  if (!text.includes('{id}') || !URL.canParse(text.replaceAll('{id}', 'id'))) return false;
  const { protocol } = new URL(text.replaceAll('{id}', 'id'));
  return protocol === 'http:' || protocol === 'https:';
}

/** An http(s) origin: the ledger serves its pages at its root, so a path (or a user, query or fragment) would make links that open nothing. */
function isPublicUrl(text: string): boolean {
  if (!URL.canParse(text) || /[?#@]/.test(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/';
}

function isSmtpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the settings from `env`; unknown variables are ignored, bad values stop the start. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const defaults = new AppConfig();
  const given: Record<string, string> = {};
  for (const key of Object.keys(defaults) as Array<keyof AppConfig>) {
    const value = env[key];
    if (value !== undefined && value !== '') given[key] = value;
  }
  const config = plainToInstance(AppConfig, { ...defaults, ...given });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (config.CLOCK_FILE && env.NODE_ENV === 'production') {
    throw new ConfigError(['CLOCK_FILE: a clock read from a file is for tests and demos; it is refused when NODE_ENV=production']);
  }
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((error) => {
        const raw = SECRET_VARIABLES.has(error.property) ? '(secret, not shown)' : env[error.property];
        return `${error.property}=${JSON.stringify(raw)}: ${Object.values(error.constraints ?? {}).join('; ')}`;
      }),
    );
  }
  return config;
}
