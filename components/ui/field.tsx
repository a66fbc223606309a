import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const FIELD =
  "rounded border border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-950 focus-visible:outline-2 focus-visible:outline-sky-600";

/**
 * `block` fields stand under their label and take its width; `inline` ones sit beside a label's
 * words (filters); `narrow` ones are as wide as their content (a date, a time); `flush` ones share
 * a row with a button.
 */
const LAYOUT = { block: "mt-1 block w-full", inline: "ml-2", narrow: "mt-1 block", flush: "block w-full" } as const;
const SIZE = { md: "px-2 py-1", lg: "px-3 py-2 text-sm" } as const;

interface FieldLook {
  layout?: keyof typeof LAYOUT;
  size?: keyof typeof SIZE;
  mono?: boolean;
}

const look = ({ layout = "block", size = "md", mono = false }: FieldLook, extra = "") =>
  `${FIELD} ${LAYOUT[layout]} ${SIZE[size]} ${mono ? "font-mono" : ""} ${extra}`;

export function Input({ layout, size, mono, className, ...rest }: Omit<InputHTMLAttributes<HTMLInputElement>, "size"> & FieldLook) {
  return <input className={look({ layout, size, mono }, className)} {...rest} />;
}

export function Select({ layout, size, mono, className, ...rest }: Omit<SelectHTMLAttributes<HTMLSelectElement>, "size"> & FieldLook) {
  return <select className={look({ layout, size, mono }, className)} {...rest} />;
}

export function Textarea({ layout, size, mono, className, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement> & FieldLook) {
  return <textarea className={look({ layout, size, mono }, className)} {...rest} />;
}
