import { randomBytes } from 'node:crypto';
import { isEncryptedField, isErasedField, openField, sealField, type EncryptedField } from './envelope';
import { decryptPersonalFields, encryptPersonalFields, personalDataCodec, type FieldCipher, type PersonalDataPolicy } from './personal-fields';

/** Real envelope crypto over an in-memory key map: the path logic is pure, the store is tested on Postgres. */
function memoryCipher(): FieldCipher & { erase(subject: string): void } {
  const keys = new Map<string, Buffer>();
  const erased = new Set<string>();
  return {
    async encryptField(subject, value) {
      if (!keys.has(subject)) keys.set(subject, randomBytes(32));
      return sealField(keys.get(subject)!, subject, 1, value);
    },
    async decryptField(envelope: EncryptedField) {
      if (erased.has(envelope.subject)) return { status: 'erased', subject: envelope.subject, erasedAt: '2026-11-24T00:00:00.000Z' };
      return { status: 'ok', value: openField(keys.get(envelope.subject)!, envelope) };
    },
    erase(subject) {
      keys.delete(subject);
      erased.add(subject);
    },
  };
}

const policy: PersonalDataPolicy = { PatientRegistered: { subject: 'patientId', fields: ['cpr', 'contact.phone'] } };
const patientId = '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e';
const registered = { patientId, cpr: '010190-1234', contact: { phone: '+4512345678', preferred: 'sms' }, registeredAt: '2026-11-24T10:00:00.000Z' };

describe('personal fields by policy', () => {
  it('encrypts exactly the declared fields, keeps the subject id and everything else in clear, and leaves the input untouched', async () => {
    const cipher = memoryCipher();
    const stored = (await encryptPersonalFields(cipher, policy, 'PatientRegistered', registered)) as typeof registered & Record<string, unknown>;
    expect(isEncryptedField(stored.cpr)).toBe(true);
    expect(isEncryptedField(stored.contact.phone)).toBe(true);
    expect({ patientId: stored.patientId, preferred: stored.contact.preferred, registeredAt: stored.registeredAt }).toEqual({ patientId, preferred: 'sms', registeredAt: registered.registeredAt });
    expect(JSON.stringify(stored)).not.toMatch(/0101901234|010190-1234|12345678/);
    expect(registered.cpr).toBe('010190-1234');
    expect(await decryptPersonalFields(cipher, stored)).toEqual({ data: registered, erased: [] });
  });

  it('leaves types without a rule, absent fields and already encrypted fields as they are', async () => {
    const cipher = memoryCipher();
    const consent = { patientId, purpose: 'quality' };
    expect(await encryptPersonalFields(cipher, policy, 'ConsentGranted', consent)).toBe(consent);
    const once = (await encryptPersonalFields(cipher, policy, 'PatientRegistered', { patientId, cpr: '010190-1234' })) as { cpr: EncryptedField };
    expect(once).not.toHaveProperty('contact');
    expect(await encryptPersonalFields(cipher, policy, 'PatientRegistered', once)).toEqual(once);
  });

  it('refuses an event whose subject id is missing rather than encrypting under no one', async () => {
    await expect(encryptPersonalFields(memoryCipher(), policy, 'PatientRegistered', { cpr: '010190-1234' })).rejects.toThrow(/holds no subject id/);
  });

  it('after erasure, reads an ErasedField marker at each of the subject’s fields and names where', async () => {
    const cipher = memoryCipher();
    const { encode, decode } = personalDataCodec(cipher, policy);
    const stored = await encode({ type: 'PatientRegistered', data: registered });
    cipher.erase(patientId);
    const read = await decryptPersonalFields(cipher, stored);
    expect(read.erased).toEqual(['/cpr', '/contact/phone']);
    const data = read.data as { cpr: unknown; patientId: string };
    expect(isErasedField(data.cpr)).toBe(true);
    expect(data.patientId).toBe(patientId);
    expect(await decode({ type: 'PatientRegistered', data: stored })).toEqual(read.data);
  });

  describe('keys encrypted anywhere (personal data inside repeating, nested structures)', () => {
    const answers: PersonalDataPolicy = { Answered: { subject: 'patientId', fields: [], keysAnywhere: ['valueString'] } };
    type Answer = Record<string, unknown>;
    type Item = { linkId: string; answer?: Answer[]; item?: Item[] };
    const answered: { patientId: string; response: { item: Item[] } } = {
      patientId,
      response: {
        item: [
          { linkId: 'mood', answer: [{ valueInteger: 2 }] },
          { linkId: 'comment', answer: [{ valueString: 'Jens Hansen, Nørregade 14' }] },
          { linkId: 'group', item: [{ linkId: 'more', answer: [{ valueString: 'ring til min datter' }, { valueCoding: { code: 'LA6111-4' } }] }] },
        ],
      },
    };

    it('encrypts every value under the key at any depth, keeps everything else in clear, and decrypts back to the input', async () => {
      const cipher = memoryCipher();
      const stored = (await encryptPersonalFields(cipher, answers, 'Answered', answered)) as typeof answered;
      const text = JSON.stringify(stored);
      expect(text).not.toMatch(/Jens|Nørregade|datter/);
      expect(isEncryptedField(stored.response.item[1].answer![0].valueString)).toBe(true);
      expect(isEncryptedField(stored.response.item[2].item![0].answer![0].valueString)).toBe(true);
      expect(stored.response.item[0]).toEqual(answered.response.item[0]);
      expect(stored.response.item[2].item![0].answer![1]).toEqual({ valueCoding: { code: 'LA6111-4' } });
      expect(stored.patientId).toBe(patientId);
      expect(answered.response.item[1].answer![0].valueString).toBe('Jens Hansen, Nørregade 14');
      expect(await decryptPersonalFields(cipher, stored)).toEqual({ data: answered, erased: [] });
      expect(await encryptPersonalFields(cipher, answers, 'Answered', stored)).toEqual(stored);
    });

    it('after erasure, names every erased value by its JSON pointer', async () => {
      const cipher = memoryCipher();
      const stored = await encryptPersonalFields(cipher, answers, 'Answered', answered);
      cipher.erase(patientId);
      expect((await decryptPersonalFields(cipher, stored)).erased).toEqual(['/response/item/1/answer/0/valueString', '/response/item/2/item/0/answer/0/valueString']);
    });

    it('refuses a policy that would encrypt the subject id itself', async () => {
      const bad: PersonalDataPolicy = { Answered: { subject: 'patientId', fields: [], keysAnywhere: ['patientId'] } };
      await expect(encryptPersonalFields(memoryCipher(), bad, 'Answered', answered)).rejects.toThrow(/cannot itself be encrypted/);
    });
  });
});
