import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import type { RequestFormView } from '../cards/viewModels.js';
import { requestFormView, requestInputFromForm, type RequestFormSubmission } from '../cards/requestForm.js';
import requestFormJson from '../../cards/requestForm.json' with { type: 'json' };

/** The requestForm card's template. */
export const REQUEST_FORM_CARD = cardTemplate<RequestFormView>(requestFormJson);

/** The "new request" form, holding what was typed and the problems to fix. */
export function requestFormCard(submitted: RequestFormSubmission = {}, problems: string[] = []): AdaptiveCard {
  return renderCard(REQUEST_FORM_CARD, requestFormView({ submitted, problems }));
}

/** The form's inputs as a placement request; the person submitting is the requester unless they named one. */
export function formToRequestInput(submitted: RequestFormSubmission, requestedByDefault: string): Record<string, unknown> {
  const body = requestInputFromForm(submitted);
  body.requestedBy ??= requestedByDefault;
  return body;
}
