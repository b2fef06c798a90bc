import { escapeHtml, html } from './safe-html';

describe(html.name, () => {
  it('escapes every interpolated value, in text and in quoted attributes', () => {
    const evil = `"><script>alert('x')</script>&\``;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;</p>',
    );
  });

  it('nests fragments without escaping them twice, joins arrays and drops empty values', () => {
    const items = ['<a>', 'b'].map((s) => html`<li>${s}</li>`);
    // prettier-ignore
    const out = html`<ul>${items}</ul>${undefined}${null}${false}${0}`.value;
    expect(out).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
  });
});

describe(escapeHtml.name, () => {
  it('leaves plain text alone', () => {
    expect(escapeHtml('Front Door (ava1.ring.device.1)')).toBe('Front Door (ava1.ring.device.1)');
  });
});
