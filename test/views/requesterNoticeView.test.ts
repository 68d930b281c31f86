import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/renderCard.js';
import { REQUESTER_NOTICE_CARD, requesterNoticeView } from '../../src/views/requesterNoticeView.js';
import { aDecision, aRequest } from '../calculators/fixtures.js';
import { assertValidCard, cardSize, cardText } from '../cards/cardQuality.js';

const notice = (...args: Parameters<typeof requesterNoticeView>) => {
  const card = renderCard(REQUESTER_NOTICE_CARD, requesterNoticeView(...args));
  assertValidCard(card);
  return { card, text: cardText(card) };
};

describe('views: the requester notice', () => {
  it('an approval of an alternative names it and its weekly cost, never the date of birth', () => {
    const { text, card } = notice(aRequest(), { ...aDecision('PR-2026-0001', 'ifa', '2026-04-06'), reviewDate: '2026-10-05' }, '2026-04-06');
    assert.match(text, /Approved/);
    assert.match(text, /alternative: High-end IFA/);
    assert.match(text, /£2,500\.00/);
    assert.match(text, /5 Oct 2026/);
    assert.doesNotMatch(JSON.stringify(card), /2012-06-15|dateOfBirth/);
  });

  it('a placement already made is ratified, as the request card words it', () => {
    const request = aRequest({ urgency: 'emergency', alreadyPlaced: true });
    assert.match(notice(request, aDecision(request.id, 'proposed', '2026-04-06'), '2026-04-06').text, /Ratified/);
  });

  it('a deferral says so with its reason, and shows no option or cost', () => {
    const { text } = notice(aRequest(), { ...aDecision('PR-2026-0001', 'proposed', '2026-04-06', 'defer'), comment: 'Ask for *two* quotes' }, '2026-04-06');
    assert.match(text, /The panel deferred it: Ask for \\\*two\\\* quotes/, 'typed text escaped');
    assert.doesNotMatch(text, /£/);
  });

  it('three conditions and a comment at their longest, in two-byte letters, stay within the 28 KB card limit', () => {
    const long = (n: number) => 'ŵ'.repeat(n);
    const decision = {
      ...aDecision('PR-2026-0001', 'proposed', '2026-04-06', 'approve_with_conditions'), reviewDate: '2026-10-05', comment: long(1000),
      conditions: [1, 2, 3].map(() => ({ text: long(500), owner: long(120), due: '2026-05-01' })),
    };
    const { card } = notice(aRequest({ proposed: { ...aRequest().proposed, provider: long(120) } }), decision, '2026-04-06');
    assert.ok(cardSize(card).utf8Bytes < 28 * 1024, `${cardSize(card).utf8Bytes} bytes`);
  });
});
