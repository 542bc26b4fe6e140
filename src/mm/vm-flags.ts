/** `vm_flags` bits (include/linux/mm.h): the values conditions on a VMA's flags are decided with. */
export const VM = {
  VM_READ: 0x1,
  VM_WRITE: 0x2,
  VM_EXEC: 0x4,
  VM_SHARED: 0x8,
  VM_MAYREAD: 0x10,
  VM_MAYWRITE: 0x20,
  VM_MAYEXEC: 0x40,
  VM_MAYSHARE: 0x80,
  VM_LOCKED: 0x2000,
  VM_ACCOUNT: 0x100000,
} as const;
