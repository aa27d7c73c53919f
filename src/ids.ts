import { v7 } from 'uuid';

/**
 * Ids are made where the thing is made (client or server) as UUIDv7: unique
 * without asking anyone, and sortable by creation time.
 */
export const newId = (): string => v7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
