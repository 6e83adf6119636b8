// A face template is one Float32Array holding each descriptor model's part
// side by side. Its version names the layout and the models; templates of
// different versions are never compared (matchScore throws), so a store
// keeps the version beside each template.

/** The version `FaceEngine.analyze` writes today. */
export const TEMPLATE_VERSION = 2;

/** Parts of a version-2 template, in order: name, length, how they compare. */
export const TEMPLATE_PARTS = [
  { name: 'dlib', length: 128, metric: 'euclidean' },
  { name: 'faceres', length: 1024, metric: 'cosine' },
  { name: 'mobileface', length: 256, metric: 'cosine' },
] as const;

export type TemplatePartName = (typeof TEMPLATE_PARTS)[number]['name'];

export const TEMPLATE_LENGTH = TEMPLATE_PARTS.reduce((n, p) => n + p.length, 0);

/** Length of each template version's array: version 1 was the dlib descriptor alone. */
const LENGTHS: Record<number, number> = { 1: 128, 2: TEMPLATE_LENGTH };

/** The version a template of this length was written by, or undefined for an unknown layout. */
export function templateVersionOf(template: Float32Array): number | undefined {
  for (const [version, length] of Object.entries(LENGTHS)) if (length === template.length) return Number(version);
  return undefined;
}

export type TemplateParts = Record<TemplatePartName, Float32Array>;

/** Each model's part of a current template (views, not copies). */
export function templateParts(template: Float32Array): TemplateParts {
  if (template.length !== TEMPLATE_LENGTH) {
    throw new TypeError(`A version-${TEMPLATE_VERSION} template has ${TEMPLATE_LENGTH} values; this one has ${template.length}.`);
  }
  const parts = {} as TemplateParts;
  let at = 0;
  for (const p of TEMPLATE_PARTS) {
    parts[p.name] = template.subarray(at, at + p.length);
    at += p.length;
  }
  return parts;
}

export function packTemplate(parts: TemplateParts): Float32Array {
  const out = new Float32Array(TEMPLATE_LENGTH);
  let at = 0;
  for (const p of TEMPLATE_PARTS) {
    const v = parts[p.name];
    if (v.length !== p.length) throw new TypeError(`The ${p.name} descriptor has ${v.length} values, not ${p.length}.`);
    out.set(v, at);
    at += p.length;
  }
  return out;
}
