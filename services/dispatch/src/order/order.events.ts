import type { OrderCompleted, OrderPlaced, OrderStopped, QuestionnaireDue } from '@hub/contracts';

export type OrderEvent =
  | { type: 'OrderPlaced'; data: OrderPlaced }
  | { type: 'QuestionnaireDue'; data: QuestionnaireDue }
  | { type: 'OrderCompleted'; data: OrderCompleted }
  | { type: 'OrderStopped'; data: OrderStopped };

export const orderStreamId = (orderId: string) => `order-${orderId}`;
