/**
 * Colours every picture shares. Categorical colours are Okabe & Ito's (2008)
 * palette, chosen to stay distinct under the common forms of colour blindness and
 * to read on both a white and a near-black background (its black is replaced by
 * grey for the dark theme). Sequential values (delivery time) use viridis.
 */
export const OKABE_ITO = {
  blue: '#0072B2', orange: '#E69F00', green: '#009E73', vermillion: '#D55E00',
  purple: '#CC79A7', sky: '#56B4E9', yellow: '#F0E442', grey: '#999999',
} as const;

/** Transmission series and trace kinds, by meaning. */
export const TRAFFIC_COLOURS: Record<string, string> = {
  data: OKABE_ITO.blue, ack: OKABE_ITO.green, control: OKABE_ITO.orange,
  duplicate: OKABE_ITO.purple, drop: OKABE_ITO.vermillion, deliver: OKABE_ITO.sky,
};

/** Six distinct colours for the six communication types (and any series list). */
export const SERIES_COLOURS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.vermillion, OKABE_ITO.purple, OKABE_ITO.sky, OKABE_ITO.yellow, OKABE_ITO.grey];

export const SEQUENTIAL_SCHEME = 'viridis';
