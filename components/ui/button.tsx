import type { ButtonHTMLAttributes } from "react";

/**
 * What a button does, by colour: `primary` goes ahead, `danger` changes data in place, `outline`
 * acts on the page (export, back up), `quiet` is a small aside; `violet` and `orange` match what they
 * act on in the timeline (the latest restorable edge, a destructive change). `onDark` sits in the header.
 */
const VARIANT = {
  primary: "bg-sky-800 text-white hover:bg-sky-900 focus-visible:outline-offset-2 focus-visible:outline-sky-800",
  danger: "bg-red-800 text-white hover:bg-red-900 focus-visible:outline-offset-2 focus-visible:outline-red-800",
  outline: "border border-sky-800 text-sky-900 hover:bg-sky-50 focus-visible:outline-sky-700 dark:text-sky-200 dark:hover:bg-sky-950",
  quiet: "border border-slate-400 hover:bg-slate-100 focus-visible:outline-sky-600 dark:hover:bg-slate-800",
  "danger-outline": "border border-red-800 hover:bg-red-100 focus-visible:outline-red-800 dark:hover:bg-red-900",
  violet:
    "border border-violet-700 text-violet-800 hover:bg-violet-50 focus-visible:outline-violet-700 dark:text-violet-200 dark:hover:bg-violet-950",
  orange:
    "border border-orange-700 text-orange-900 hover:bg-orange-50 focus-visible:outline-orange-700 dark:text-orange-200 dark:hover:bg-orange-950",
  "on-dark": "hover:bg-slate-700 focus-visible:outline-white",
} as const;

const SIZE = {
  xs: "px-2 py-0.5 text-xs",
  sm: "px-2 py-1",
  md: "px-3 py-1.5",
  lg: "px-3 py-2",
} as const;

/** Buttons that lead are medium weight unless told otherwise; the page's main action is semibold. */
const WEIGHT = { normal: "", medium: "font-medium", semibold: "font-semibold" } as const;
const LEADS = new Set<keyof typeof VARIANT>(["primary", "danger", "outline", "violet", "orange"]);

export type ButtonVariant = keyof typeof VARIANT;

/** A native button (type="button" unless told otherwise) in one of the dashboard's looks. */
export function Button({
  variant = "quiet",
  size = "md",
  wide = false,
  weight = LEADS.has(variant) ? "medium" : "normal",
  className = "",
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: keyof typeof SIZE;
  wide?: boolean;
  weight?: keyof typeof WEIGHT;
}) {
  return (
    <button
      type={type}
      className={`rounded focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-50 ${VARIANT[variant]} ${SIZE[size]} ${WEIGHT[weight]} ${wide ? "w-full" : ""} ${className}`}
      {...rest}
    />
  );
}
