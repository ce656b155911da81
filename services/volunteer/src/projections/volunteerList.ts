import type { Db } from 'mongodb';
import { applyOnce, type EventEnvelope } from '@fivesoc/eventing';
import type { Profile, VolunteerEvent } from '../domain/volunteer/events.ts';

/** The volunteer list's rows: what lists filter on, never personal data (no name, phone or ID number). */
export interface VolunteerRow {
  _id: string;
  skills: string[];
  languages: string[];
  weekdays: number[];
  districtCode: string;
  streetCode: string;
  communityCode: string;
  serviceRadiusKm: number;
  maxHoursPerWeek: number;
  registeredAt: string;
  erased: boolean;
}
export const volunteerList = (db: Db) => db.collection<VolunteerRow>('volunteer_list');

const rowOf = (p: Partial<Profile>) => ({
  ...(p.skills ? { skills: p.skills } : {}),
  ...(p.languages ? { languages: p.languages } : {}),
  ...(p.availability ? { weekdays: [...new Set(p.availability.map((w) => w.weekday))].sort() } : {}),
  ...(p.place ? p.place : {}),
  ...(p.serviceRadiusKm !== undefined ? { serviceRadiusKm: p.serviceRadiusKm } : {}),
  ...(p.maxHoursPerWeek !== undefined ? { maxHoursPerWeek: p.maxHoursPerWeek } : {}),
});

export async function projectVolunteer(db: Db, event: EventEnvelope & VolunteerEvent) {
  const id = event.payload.volunteerId;
  const at = event.streamVersion;
  switch (event.type) {
    case 'VolunteerRegistered': {
      const { volunteerId: _v, personal: _p, ...profile } = event.payload;
      await applyOnce(volunteerList(db), id, at, {
        $set: { ...rowOf(profile), registeredAt: event.occurredAt, erased: false },
      });
      return;
    }
    case 'VolunteerProfileUpdated': {
      const { volunteerId: _v, personal: _p, ...changes } = event.payload;
      await applyOnce(volunteerList(db), id, at, { $set: rowOf(changes) });
      return;
    }
    case 'VolunteerErased':
      await applyOnce(volunteerList(db), id, at, { $set: { erased: true } });
      return;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
