import { FONT_ALTERNATES, FONTS } from './gongwen.js';

/**
 * `word/fontTable.xml` naming every font the draft uses, each with the GB2312 character set (86)
 * and, where a computer may lack it, `w:altName`: Word and WPS then show 方正小标宋简体 as 黑体 and
 * 仿宋_GB2312 as 仿宋 instead of a Latin default. (The docx library writes an empty table.)
 */
export function fontTableXml(): string {
  const fonts = [...new Set([FONTS.title, FONTS.heading, FONTS.subheading, FONTS.body, '宋体'])];
  const entry = (name: string) => {
    const alt = FONT_ALTERNATES[name];
    return `<w:font w:name="${name}">${alt ? `<w:altName w:val="${alt}"/>` : ''}<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`;
  };
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.map(entry).join('')}<w:font w:name="${FONTS.latin}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`;
}

/** The override that puts it in place, for `Packer.toBuffer`. */
export const FONT_TABLE_OVERRIDE = { path: 'word/fontTable.xml', data: fontTableXml() };
