/**
 * A minimal structural check of generated SVG: every element is closed in order, attributes are quoted,
 * and there is exactly one root. Enough to catch broken string building without an XML library.
 */
export interface XmlElementInfo {
  name: string;
  attributes: Record<string, string>;
  /** Names of the enclosing elements, outermost first. */
  ancestors: string[];
  /** Enclosing elements' class attributes, outermost first. */
  ancestorClasses: string[];
  text: string;
}

export function parseXmlStructure(xml: string): XmlElementInfo[] {
  const elements: XmlElementInfo[] = [];
  const stack: XmlElementInfo[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    const between = xml.slice(last, m.index);
    if (/[<>]/.test(between)) throw new Error(`malformed markup near offset ${last}: ${between.slice(0, 60)}`);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(between)) throw new Error(`unescaped & near offset ${last}`);
    if (stack.length > 0) stack[stack.length - 1].text += between;
    else if (between.trim() !== '') throw new Error(`text outside the root: ${between.trim().slice(0, 40)}`);
    last = m.index + m[0].length;
    if (m[0].startsWith('<!--')) continue;
    const [, closing, name, attributeText, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attributeText.matchAll(/([\w:-]+)="([^"]*)"/g)) attributes[a[1]] = a[2];
    const element: XmlElementInfo = {
      name,
      attributes,
      ancestors: stack.map((e) => e.name),
      ancestorClasses: stack.map((e) => e.attributes.class ?? ''),
      text: '',
    };
    elements.push(element);
    if (stack.length === 0) roots += 1;
    if (!selfClosing) stack.push(element);
  }
  if (xml.slice(last).trim() !== '') throw new Error('trailing text after the root');
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return elements;
}
