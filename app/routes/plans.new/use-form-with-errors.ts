import { useForm } from "@conform-to/react";

/**
 * conform's `useForm`, re-rendering whenever any field's errors change. conform re-renders a
 * form only for the state its last render read, and reads made in child components (the
 * fields here) are not always counted: after a page load, a submit refused on the client
 * showed no errors at all. Reading every error here keeps the fields in step.
 */
export const useFormWithErrors: typeof useForm = (options) => {
  const result = useForm(options);
  void result[0].allErrors;
  return result;
};
