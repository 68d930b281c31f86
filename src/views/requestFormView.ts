import { renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { requestFormView, requestInputFromForm, type RequestFormSubmission } from '../cards/requestForm.js';

/** The "new request" form, holding what was typed and the problems to fix. */
export function requestFormCard(submitted: RequestFormSubmission = {}, problems: string[] = []): AdaptiveCard {
  return renderCard('requestForm', requestFormView({ submitted, problems }));
}

/** The form's inputs as a placement request; the person submitting is the requester unless they named one. */
export function formToRequestInput(submitted: RequestFormSubmission, requestedByDefault: string): Record<string, unknown> {
  const body = requestInputFromForm(submitted);
  body.requestedBy ??= requestedByDefault;
  return body;
}
