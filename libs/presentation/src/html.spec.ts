import { html, HtmlValue, joinHtml, NEUTRALISED_URL, safeUrl, unsafeRaw } from './html';

const HOSTILE = `<script>alert("x")</script>' onmouseover='alert(1)`;
const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;alert(1)';

describe('html', () => {
  it('escapes the five special characters in text', () => {
    expect(String(html`<p>${`<a href="x">Tom & 'Jerry'</a>`}</p>`)).toBe('<p>&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;</p>');
  });

  it('escapes values in double- and single-quoted attributes, so none closes its quote', () => {
    expect(String(html`<td class="${HOSTILE}" title='${HOSTILE}'>x</td>`)).toBe(`<td class="${HOSTILE_ESCAPED}" title='${HOSTILE_ESCAPED}'>x</td>`);
  });

  it('renders numbers as text, and null, undefined and false as nothing', () => {
    expect(String(html`<p>${0}|${-1.5}|${null}|${undefined}|${false}|${''}</p>`)).toBe('<p>0|-1.5||||</p>');
  });

  it('keeps nested html as markup, escaping what was put into it once', () => {
    const cell = (text: string) => html`<td>${text}</td>`;
    expect(String(html`<tr>${cell('a & b')}</tr>`)).toBe('<tr><td>a &amp; b</td></tr>');
  });

  it('joins lists, nested lists too, each item by its own kind', () => {
    const items: HtmlValue[] = [html`<li>one</li>`, '<li>two</li>', [3, null, html`<li>four</li>`]];
    expect(String(html`<ul>${items}</ul>`)).toBe('<ul><li>one</li>&lt;li&gt;two&lt;/li&gt;3<li>four</li></ul>');
    expect(String(joinHtml([html`<b>a</b>`, 'b&c'], ', '))).toBe('<b>a</b>, b&amp;c');
    expect(String(joinHtml([], ', '))).toBe('');
  });

  it('escapes a plain string a helper returns, even one that looks like markup or pretends to be it', () => {
    const bold = (text: string): string => `<b>${text}</b>`;
    const impostor = { toString: () => '<b>fake</b>' } as unknown as HtmlValue;
    expect(String(html`<p>${bold('hi')}${impostor}</p>`)).toBe('<p>&lt;b&gt;hi&lt;/b&gt;&lt;b&gt;fake&lt;/b&gt;</p>');
  });

  it('inserts raw markup only through unsafeRaw', () => {
    const icon = unsafeRaw('<path d="M0 0L10 10"/>');
    expect(String(html`<svg>${icon}</svg>`)).toBe('<svg><path d="M0 0L10 10"/></svg>');
  });

  it('escapes values in comments and after a closed <style> like any text', () => {
    expect(String(html`<!-- ${'-->'} --><style>p {}</style><p>${'<i>'}</p>`)).toBe('<!-- --&gt; --><style>p {}</style><p>&lt;i&gt;</p>');
  });

  describe('URL attributes', () => {
    it('keeps http(s) and relative URLs, escaped', () => {
      expect(String(html`<a href="${'https://example.com/a?b=1&c=2'}">x</a>`)).toBe('<a href="https://example.com/a?b=1&amp;c=2">x</a>');
      expect(String(html`<a href='${'../graphiql?query=x'}'>x</a>`)).toBe(`<a href='../graphiql?query=x'>x</a>`);
      expect(String(html`<img src="${'/logo.png'}">`)).toBe('<img src="/logo.png">');
    });

    it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', '\u0001javascript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'http://['])(
      'neutralises %j where it starts an href or src',
      (url) => {
        expect(String(html`<a href="${url}">x</a><img src="${url}">`)).toBe(`<a href="${NEUTRALISED_URL}">x</a><img src="${NEUTRALISED_URL}">`);
      },
    );

    it('leaves a value after a fixed start of the URL alone: the template chose the scheme', () => {
      expect(String(html`<a href="/incidents/${'javascript:x'}">x</a>`)).toBe('<a href="/incidents/javascript:x">x</a>');
    });

    it('refuses markup or a list where a URL starts, and a second value right after the first', () => {
      expect(() => html`<a href="${html`javascript:x`}">x</a>`).toThrow(/URL attribute takes one string/);
      expect(() => html`<a href="${['java', 'script:x']}">x</a>`).toThrow(/URL attribute takes one string/);
      expect(() => html`<a href="${'javascript'}${':alert(1)'}">x</a>`).toThrow(/href takes one value at its start/);
    });
  });

  describe('places where escaping is not enough', () => {
    it('refuses a value in an unquoted attribute', () => {
      expect(() => html`<td class=${'a onmouseover=alert(1)'}>x</td>`).toThrow(/quote the value of class/);
    });

    it('refuses a value in an event handler', () => {
      expect(() => html`<p onclick="${'alert(1)'}">x</p>`).toThrow(/no value may go into onclick/);
    });

    it('takes only markup inside a tag, where a string could add an attribute', () => {
      expect(() => html`<tr ${'onmouseover=alert(1)'}>`).toThrow(/string inside a tag/);
      expect(() => html`<tr${' onmouseover=alert(1)'}>`).toThrow(/string inside a tag/);
      expect(String(html`<tr${true && html` class="overdue"`}>`)).toBe('<tr class="overdue">');
      expect(String(html`<tr${false}>`)).toBe('<tr>');
    });

    it('takes only markup inside <script> and <style>, whose content is not HTML', () => {
      expect(() => html`<style>p { color: ${'red} body { x: y'} }</style>`).toThrow(/string inside <style>/);
      expect(() => html`<SCRIPT>let x = ${1};</SCRIPT>`).toThrow(/number inside <script>/);
      expect(String(html`<style>${html`p { color: red }`}</style>`)).toBe('<style>p { color: red }</style>');
    });
  });
});

describe('safeUrl', () => {
  it('keeps http(s) and relative URLs as given', () => {
    for (const url of ['http://a.example', 'HTTPS://a.example/x', '//a.example/x', '/x', '../x?y=1', '?q', '#top', './x:y']) {
      expect(safeUrl(url)).toBe(url);
    }
  });

  it('neutralises every other scheme, however it is spelled', () => {
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' \njavascript:alert(1)', 'jav\nascript:alert(1)', 'data:,x', 'file:///etc/passwd', 'mailto:a@b']) {
      expect(safeUrl(url)).toBe(NEUTRALISED_URL);
    }
  });
});
