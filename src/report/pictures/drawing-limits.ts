/** Graphs with more nodes are not drawn (the page says so): a drawing of more is a hairball and a heavy page. */
export const DRAW_NODE_LIMIT = 2000;
/** Above this many links only the delivery tree is drawn, not every link. */
export const DRAW_LINK_LIMIT = 20000;
