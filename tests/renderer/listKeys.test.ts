import { describe, expect, it } from 'vitest';
import { listRowForKey } from '../../renderer/lib/keys';

describe('moving through a list of focusable rows', () => {
  it('goes one row with the arrows, to the ends with Home and End, and stays inside the list', () => {
    expect(listRowForKey('ArrowDown', 1, 4)).toBe(2);
    expect(listRowForKey('ArrowDown', 3, 4)).toBe(3);
    expect(listRowForKey('ArrowUp', 1, 4)).toBe(0);
    expect(listRowForKey('ArrowUp', 0, 4)).toBe(0);
    expect(listRowForKey('Home', 2, 4)).toBe(0);
    expect(listRowForKey('End', 0, 4)).toBe(3);
  });

  it('leaves every other key, and an empty list, to the caller', () => {
    expect(listRowForKey('Enter', 1, 4)).toBeNull();
    expect(listRowForKey('a', 1, 4)).toBeNull();
    expect(listRowForKey('ArrowDown', 0, 0)).toBeNull();
  });
});
