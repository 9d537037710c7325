/*
 * QEMU user-mode plugin for the device bench's ARM figures (qemuCount.ts): counts the guest
 * instructions executed, in parts cut at each entry of the function named by mark=SYMBOL (as
 * callgrind's --dump-before does on x86), and writes one line per part to out=FILE at the end.
 * Written against QEMU's plugin API version 1 (QEMU 7.2, Debian 12); only the calls declared
 * below are used.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_PARTS 64
static uint64_t executed;
static uint64_t partStarts[MAX_PARTS];
static int marks;
static char markSymbol[128];
static char outPath[1024];
/* the mark's entry: the first instruction of the first block translated in it (it is entered by a call) */
static uint64_t markEntry = UINT64_MAX;

static void onMark(unsigned int vcpu, void *userdata) {
  (void)vcpu;
  (void)userdata;
  if (marks < MAX_PARTS) partStarts[marks++] = executed;
}

static void onTranslate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &executed, n);
  if (markSymbol[0] == 0 || n == 0) return;
  struct qemu_plugin_insn *first = qemu_plugin_tb_get_insn(tb, 0);
  const char *symbol = qemu_plugin_insn_symbol(first);
  if (symbol == NULL || strcmp(symbol, markSymbol) != 0) return;
  uint64_t at = qemu_plugin_insn_vaddr(first);
  if (markEntry == UINT64_MAX) markEntry = at;
  if (at == markEntry) qemu_plugin_register_vcpu_insn_exec_cb(first, onMark, QEMU_PLUGIN_CB_NO_REGS, NULL);
}

static void onExit(qemu_plugin_id_t id, void *userdata) {
  (void)id;
  (void)userdata;
  FILE *out = outPath[0] != 0 ? fopen(outPath, "w") : stderr;
  if (out == NULL) return;
  uint64_t from = 0;
  for (int k = 0; k < marks; k++) {
    fprintf(out, "part %d %" PRIu64 "\n", k, partStarts[k] - from);
    from = partStarts[k];
  }
  fprintf(out, "part %d %" PRIu64 "\n", marks, executed - from);
  if (out != stderr) fclose(out);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
  (void)info;
  for (int i = 0; i < argc; i++) {
    if (strncmp(argv[i], "mark=", 5) == 0) snprintf(markSymbol, sizeof markSymbol, "%s", argv[i] + 5);
    else if (strncmp(argv[i], "out=", 4) == 0) snprintf(outPath, sizeof outPath, "%s", argv[i] + 4);
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, onTranslate);
  qemu_plugin_register_atexit_cb(id, onExit, NULL);
  return 0;
}
