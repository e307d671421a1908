// The workflow bundle's entry point: every workflow the worker registers.
export { conversationWorkflow } from './conversation';
export { deliveryWorkflow } from './delivery';
