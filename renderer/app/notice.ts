import { create } from 'zustand';

/**
 * A sentence for the next screen: what just happened, said once after moving
 * on (an erasure returns to the client list and says what it did). Never
 * personal data: the notice outlives the screen that made it.
 */
type NoticeStore = {
  text: string | null;
  show: (text: string) => void;
  clear: () => void;
};

export const useNotice = create<NoticeStore>()((set) => ({
  text: null,
  show: (text) => {
    set({ text });
  },
  clear: () => {
    set({ text: null });
  },
}));
