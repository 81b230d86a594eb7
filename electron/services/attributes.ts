import type { AttributeId, SourceId } from '../../shared/domain/ids';
import type { Attribute, AttributeType } from '../../shared/domain/types';
import type { Action } from '../store/changeLog';
import type { Db } from '../store/database';
import { UserError } from '../util/errors';
import { newId } from './session';

type AttributeRow = { id: AttributeId; name: string; type: AttributeType; position: number };

export function listAttributes(db: Db): Attribute[] {
  return db.prepare('SELECT id, name, type FROM attributes ORDER BY position, name').all() as Attribute[];
}

export function findAttribute(db: Db, name: string): AttributeRow | null {
  return (db.prepare('SELECT * FROM attributes WHERE name = ?').get(name.trim()) as AttributeRow | undefined) ?? null;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The narrowest type that holds `value`: number, ISO date, or text. */
export function inferAttributeType(value: string): AttributeType {
  if (NUMBER.test(value)) return 'number';
  if (DATE.test(value) && !Number.isNaN(Date.parse(value))) return 'date';
  return 'text';
}

function fits(type: AttributeType, value: string): boolean {
  return type === 'text' || inferAttributeType(value) === type;
}

/**
 * Sets (or, with null, clears) a source's value for the attribute `name`, creating the
 * attribute on first use with the type its value suggests. A value that does not fit the
 * type widens the attribute to text rather than refusing the researcher's data.
 */
export function setAttributeValue(db: Db, action: Action, sourceId: SourceId, name: string, value: string | null): void {
  const trimmedName = name.trim();
  if (trimmedName.length === 0) throw new UserError('invalid-arguments', 'An attribute needs a name.');
  let attribute = findAttribute(db, trimmedName);
  const trimmed = value?.trim() ?? '';
  if (trimmed.length === 0) {
    if (attribute) action.remove('attribute_values', [sourceId, attribute.id]);
    return;
  }
  if (!attribute) {
    const position = (db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM attributes').get() as { p: number }).p;
    attribute = { id: newId<AttributeId>(), name: trimmedName, type: inferAttributeType(trimmed), position };
    action.insert('attributes', attribute);
  } else if (!fits(attribute.type, trimmed)) {
    action.update('attributes', [attribute.id], { type: 'text' });
  }
  const existing = db
    .prepare('SELECT value FROM attribute_values WHERE source_id = ? AND attribute_id = ?')
    .get(sourceId, attribute.id) as { value: string } | undefined;
  if (!existing) action.insert('attribute_values', { source_id: sourceId, attribute_id: attribute.id, value: trimmed });
  else if (existing.value !== trimmed) action.update('attribute_values', [sourceId, attribute.id], { value: trimmed });
}

/** Attribute values of every source, keyed by source id, then attribute name. */
export function attributeValuesBySource(db: Db): Map<string, Record<string, string>> {
  const rows = db
    .prepare(
      'SELECT v.source_id AS sourceId, a.name AS name, v.value AS value FROM attribute_values v JOIN attributes a ON a.id = v.attribute_id ORDER BY a.position',
    )
    .all() as { sourceId: string; name: string; value: string }[];
  const result = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const values = result.get(row.sourceId) ?? {};
    values[row.name] = row.value;
    result.set(row.sourceId, values);
  }
  return result;
}
