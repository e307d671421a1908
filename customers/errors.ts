/** The provider could not answer now (timeout, network, 5xx): worth retrying. */
export class CustomerDataUnavailable extends Error {
  readonly code = 'CustomerDataUnavailable';
}

/** The provider answered with data that is not a customer profile: retrying will not help. */
export class MalformedCustomerData extends Error {
  readonly code = 'MalformedCustomerData';
}
