// HTML that escapes by default. Every page the server sends is built with the
// `html` tagged template below: a value put into a template is escaped unless
// it is itself markup made by `html` (or, explicitly, by `unsafeRaw`), so a
// page is safe without anyone remembering to escape. The template reads its
// own static text to know where each value lands, and refuses the places
// where escaping alone would not make a value safe (see `Slot`).

/**
 * Markup this module vouches for: the static text of an `html` template with
 * its values escaped, or what `unsafeRaw` was given. A class with a private
 * field, so that neither a plain string nor a look-alike object passes for it
 * (for the type checker, and for `instanceof` at run time); only its type is
 * exported, so nothing outside can construct one.
 */
class TrustedHtml {
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

export type { TrustedHtml as SafeHtml };

/**
 * What a template takes: markup (kept as it is), strings and numbers (escaped,
 * numbers as `String(n)`), lists of these (joined with nothing between), and
 * `null`, `undefined` or `false` for nothing, so `${cond && html`…`}` works.
 */
export type HtmlValue = TrustedHtml | string | number | false | null | undefined | readonly HtmlValue[];

/** html`<p>${value}</p>`: the static text as written, every value escaped unless it is markup itself. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): TrustedHtml {
  const slots = slotsOf(strings);
  let markup = strings[0];
  values.forEach((value, i) => {
    markup += render(value, slots[i]) + strings[i + 1];
  });
  return new TrustedHtml(markup);
}

/** Fragments with a separator between them: joinHtml(links, ', '). */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue): TrustedHtml {
  return html`${values.map((value, i) => (i === 0 ? value : [separator, value]))}`;
}

/**
 * Markup taken as it is, unescaped: the one way to put raw HTML into a page,
 * named so that a search finds every use. Only for text fixed when the server
 * is built (an SVG icon's path, a stylesheet shipped with the code) that an
 * `html` template cannot hold; never for anything read from a request, the
 * store, the configuration or another system.
 */
export function unsafeRaw(markup: string): TrustedHtml {
  return new TrustedHtml(markup);
}

/** What an href or src becomes when its value is not a URL a page may link to: a URL that opens nothing. */
export const NEUTRALISED_URL = 'about:invalid#unsafe-url';

/**
 * A URL a page may link to: an http(s) URL or a relative one, as given;
 * anything else (javascript:, data:, vbscript:, a value that is no URL)
 * becomes NEUTRALISED_URL. The value is read with the URL parser browsers
 * use, so " JavaScript:…" or "java\tscript:…" is seen for what a browser
 * would run. Every `html` template applies it to a value that starts an
 * href, src or other URL attribute; call it directly for URLs going anywhere
 * else.
 */
export function safeUrl(url: string): string {
  try {
    // A relative URL resolves against an http base, so it passes: a browser resolves it against the page.
    const { protocol } = new URL(url, 'http://relative.invalid/');
    return protocol === 'http:' || protocol === 'https:' ? url : NEUTRALISED_URL;
  } catch {
    return NEUTRALISED_URL;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escaped for HTML text and for quoted attribute values alike. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Where a value lands in its template, and so how it is rendered:
 * - `escaped`: text, or inside a quoted attribute value;
 * - `url`: the start of a URL attribute's value (href, src, …): a string, checked by safeUrl, then escaped;
 * - `markup`: inside a tag (`<tr${attributes}>`) or a <script>/<style>, where an escaped string could still add
 *   an attribute or run: only markup, or nothing.
 */
type Slot = { kind: 'escaped' } | { kind: 'url' } | { kind: 'markup'; where: string };

function render(value: HtmlValue, slot: Slot): string {
  if (value === null || value === undefined || value === false) return '';
  if (slot.kind === 'url') {
    if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError('html: a URL attribute takes one string or number, checked by safeUrl');
    return escape(safeUrl(String(value)));
  }
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item, slot)).join('');
  if (value instanceof TrustedHtml) return value.toString();
  if (slot.kind === 'markup') throw new TypeError(`html: a ${typeof value} ${slot.where} is not escaped safely; pass html\`…\` markup`);
  return escape(String(value));
}

/** Attributes whose value is one URL a browser follows or loads. */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'cite', 'background']);
/** Elements whose content is not HTML: escaping does not protect it. */
const RAW_TEXT_ELEMENTS: ReadonlySet<string> = new Set(['script', 'style']);

/** A template's slots depend only on its static text: found once per template, on its first use. */
const SLOTS = new WeakMap<TemplateStringsArray, Slot[]>();

function slotsOf(strings: TemplateStringsArray): Slot[] {
  let slots = SLOTS.get(strings);
  if (!slots) {
    const scanner = new TemplateScanner();
    slots = strings.slice(0, -1).map((text) => scanner.slotAfter(text));
    SLOTS.set(strings, slots);
  }
  return slots;
}

type ScanState = 'text' | 'comment' | 'tag-name' | 'tag' | 'before-value' | 'value' | 'unquoted-value' | 'raw-text';

/**
 * Follows a template's static text the way an HTML tokenizer would (tags,
 * attributes and their quotes, comments, raw-text elements), far enough to
 * tell where each value lands. Values never move it: escaped text contains no
 * quote or angle bracket, and markup is taken to be whole elements.
 */
class TemplateScanner {
  private state: ScanState = 'text';
  private element = '';
  private attribute = '';
  private attributeEnded = true;
  private quote = '';
  /** Nothing yet in the current attribute value. */
  private valueEmpty = true;
  /** The last thing in the current attribute value was a URL value. */
  private afterUrl = false;

  slotAfter(text: string): Slot {
    for (let i = 0; i < text.length; i++) i = this.step(text, i);
    const slot = this.slot(text);
    if (this.state === 'value') {
      this.afterUrl = slot.kind === 'url';
      this.valueEmpty = false;
    }
    return slot;
  }

  /** Reads the character at i; returns the index of the last character it consumed. */
  private step(text: string, i: number): number {
    const c = text[i];
    switch (this.state) {
      case 'text':
        if (text.startsWith('<!--', i)) return this.enter('comment', i + 3);
        if (c === '<' && /[a-zA-Z/]/.test(text[i + 1] ?? '')) {
          this.element = '';
          this.attributeEnded = true;
          return this.enter('tag-name', i);
        }
        return i;
      case 'comment':
        return text.startsWith('-->', i) ? this.enter('text', i + 2) : i;
      case 'tag-name':
        if (!/[\s/>]/.test(c)) {
          this.element += c.toLowerCase();
          return i;
        }
        return this.enter('tag', i - 1);
      case 'tag':
        if (c === '>') return this.endTag(i);
        if (c === '=') return this.enter('before-value', i);
        if (/[\s/]/.test(c)) this.attributeEnded = true;
        else {
          this.attribute = (this.attributeEnded ? '' : this.attribute) + c.toLowerCase();
          this.attributeEnded = false;
        }
        return i;
      case 'before-value':
        if (c === '"' || c === "'") {
          this.quote = c;
          this.valueEmpty = true;
          this.afterUrl = false;
          return this.enter('value', i);
        }
        if (c === '>') return this.endTag(i);
        return /\s/.test(c) ? i : this.enter('unquoted-value', i);
      case 'value':
        if (c === this.quote) {
          this.attributeEnded = true;
          return this.enter('tag', i);
        }
        this.valueEmpty = false;
        this.afterUrl = false;
        return i;
      case 'unquoted-value':
        if (c === '>') return this.endTag(i);
        if (!/\s/.test(c)) return i;
        this.attributeEnded = true;
        return this.enter('tag', i);
      case 'raw-text': {
        const end = `</${this.element}`;
        if (text.slice(i, i + end.length).toLowerCase() !== end) return i;
        this.element = ''; // a closing tag: what follows is text again
        return this.enter('tag', i + end.length - 1);
      }
    }
  }

  private enter(state: ScanState, last: number): number {
    this.state = state;
    return last;
  }

  private endTag(i: number): number {
    return this.enter(RAW_TEXT_ELEMENTS.has(this.element) ? 'raw-text' : 'text', i);
  }

  private slot(text: string): Slot {
    switch (this.state) {
      case 'text':
      case 'comment':
        return { kind: 'escaped' };
      case 'value':
        return this.valueSlot(text);
      case 'before-value':
      case 'unquoted-value':
        throw templateError(text, `quote the value of ${this.attribute}: unquoted, a space in it starts another attribute`);
      case 'raw-text':
        return { kind: 'markup', where: `inside <${this.element}>` };
      case 'tag-name':
      case 'tag':
        return { kind: 'markup', where: 'inside a tag' };
    }
  }

  private valueSlot(text: string): Slot {
    // An event handler's value is script: the browser unescapes it before running it.
    if (this.attribute.startsWith('on')) throw templateError(text, `no value may go into ${this.attribute}: it is script`);
    // Two values side by side could spell a scheme between them ("javascript" + ":…"), each safe alone.
    if (this.afterUrl) throw templateError(text, `${this.attribute} takes one value at its start: join the parts before`);
    return URL_ATTRIBUTES.has(this.attribute) && this.valueEmpty ? { kind: 'url' } : { kind: 'escaped' };
  }
}

function templateError(text: string, problem: string): Error {
  return new Error(`html template at "…${text.slice(-40)}": ${problem}`);
}
