/** Browser code shared by the tasks app's SPA and the policy console (built by each app's Vite). */
export { ConfirmDialog, type ConfirmDialogProps } from "./ConfirmDialog.tsx";
export { Link, type LinkProps } from "./Link.tsx";
export { hasNavigated, navigate, scrollToTopOnNavigate, useLocation, usePathname } from "./navigation.ts";
export {
  type Notices,
  NoticesProvider,
  type NoticesProviderProps,
  type NoticeTone,
  useNotices,
} from "./notices.tsx";
export { asSentence } from "./sentence.ts";
