import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';
import { VALUE_KEYS } from './keys.ts';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !name.includes('.spec.') ? [p] : [];
  });
}

const zh = flatten(zhCN);
const en = flatten(enUS);
const src = join(import.meta.dirname, '..');
const namespaces = new Set([...zh.keys(), ...en.keys()].map((k) => k.split('.')[0]!));

/** Every key the code names: the first argument of t('…'), and any quoted 'namespace.key' literal. */
function keysInCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([^'$`]+)'/g)) found.set(m[1]!, file);
    for (const m of text.matchAll(/'([a-zA-Z]+(?:\.[A-Za-z0-9_]+)+)'/g)) {
      const key = m[1]!;
      // A family of keys named whole (VALUE_KEYS) is checked value by value below.
      const family = [...zh.keys()].some((k) => k.startsWith(`${key}.`));
      if (namespaces.has(key.split('.')[0]!) && !key.endsWith('.ts') && !family) found.set(key, file);
    }
  }
  return found;
}

describe('message catalogues', () => {
  it('have the same keys in zh-CN and en-US', () => {
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !zh.has(k))).toEqual([]);
  });

  it('have every key the code uses in both languages', () => {
    const missing = [...keysInCode()]
      .filter(([k]) => !zh.has(k) || !en.has(k))
      .map(([k, file]) => `${k} (${file.slice(src.length + 1)})`);
    expect(missing).toEqual([]);
  });

  it('have words for every value the pages show through a key made from it', () => {
    const missing: string[] = [];
    for (const [family, values] of Object.entries(VALUE_KEYS))
      for (const v of values) {
        const key = `${family}.${v}`;
        if (!zh.has(key)) missing.push(`zh-CN ${key}`);
        if (!en.has(key)) missing.push(`en-US ${key}`);
      }
    expect(missing).toEqual([]);
  });

  it('keep the same placeholders in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const differ = [...zh.keys()].filter(
      (k) => en.has(k) && vars(zh.get(k)!).join() !== vars(en.get(k)!).join(),
    );
    expect(differ).toEqual([]);
  });

  it('say the domain words as the district does', () => {
    const all = [...zh.values()].join('\n');
    for (const word of ['社区', '个案', '社工', '转介', '定向捐赠', '阳光公示', '慈善协调员', '社区工作人员'])
      expect(all, word).toContain(word);
  });

  it('has no empty message', () => {
    expect([...zh, ...en].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });
});
