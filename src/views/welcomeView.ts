import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import type { WelcomeView } from '../cards/viewModels.js';
import { helpView, type HelpListing } from './simpleCards.js';
import welcomeJson from '../../cards/welcome.json' with { type: 'json' };

/** The welcome card's template. */
export const WELCOME_CARD = cardTemplate<WelcomeView>(welcomeJson);

/** The welcome's view: the same question buttons as the help card, made from the same listings. */
export function welcomeView(listed: readonly HelpListing[]): WelcomeView {
  const help = helpView(listed);
  return {
    buttonRows: help.buttonRows,
    fallbackText: `Welcome to the placement panel bot: I bring placement requests to the panel, record its decisions and count what they save. ${help.fallbackText}`,
  };
}

/** The card sent once when someone adds the app in a personal chat: what the bot does, and buttons for the main questions. */
export function welcomeCard(listed: readonly HelpListing[]): AdaptiveCard {
  return renderCard(WELCOME_CARD, welcomeView(listed));
}
