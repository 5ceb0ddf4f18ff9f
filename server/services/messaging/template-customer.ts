import { customers } from "@/db/schema";

/**
 * The customer columns message templates read for their variables (email `{{customer.…}}` variables and
 * WhatsApp slot mappings): name, contact details, company, city, country and custom fields. One list, so
 * a preview, a campaign and a one-to-one message fill a template from the same values.
 */
export const templateCustomerColumns = {
  name: customers.name,
  email: customers.email,
  phone: customers.phone,
  whatsapp: customers.whatsapp,
  company: customers.company,
  city: customers.city,
  country: customers.country,
  customFields: customers.customFields,
} as const;
