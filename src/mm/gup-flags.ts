/** GUP flag values (include/linux/mm.h), for conditions a scenario evaluates statically. */
export const FOLL = { FOLL_WRITE: 0x01, FOLL_GET: 0x04, FOLL_FORCE: 0x10, FOLL_LONGTERM: 0x100, FOLL_PIN: 0x40000, FOLL_FAST_ONLY: 0x80000, FOLL_PCI_P2PDMA: 0x100000 } as const;
