#include "lib/common/large_block.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace kosmo {
namespace {

// mmap, mremap and munmap work in whole pages; rounding every size the same way lets the
// caller pass the sizes it asked for.
size_t whole_pages(size_t size) {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return (size + page - 1) & ~(page - 1);
}

// Advice only: a kernel without THP, or with it off, maps 4 KiB pages as before.
void ask_for_huge_pages(void* block, size_t size) {
#ifdef MADV_HUGEPAGE
  madvise(block, whole_pages(size), MADV_HUGEPAGE);
#else
  (void)block;
  (void)size;
#endif
}

}  // namespace

void* map_large_block(size_t size) {
  void* block =
      mmap(nullptr, whole_pages(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED) return nullptr;
  ask_for_huge_pages(block, size);
  return block;
}

// The kernel aligns a mapping to a page only: map `alignment` more and cut off what lies before
// the first aligned address and after the block.
void* map_aligned_large_block(size_t size, size_t alignment) {
  const size_t length = whole_pages(size);
  void* area =
      mmap(nullptr, length + alignment, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<uintptr_t>(area);
  const uintptr_t aligned = (start + alignment - 1) & ~(uintptr_t{alignment} - 1);
  if (aligned > start) munmap(area, aligned - start);
  const size_t tail = start + length + alignment - (aligned + length);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + length), tail);
  void* block = reinterpret_cast<void*>(aligned);
  ask_for_huge_pages(block, length);
  return block;
}

void* remap_large_block(void* block, size_t old_size, size_t new_size) {
  void* moved = mremap(block, whole_pages(old_size), whole_pages(new_size), MREMAP_MAYMOVE);
  if (moved == MAP_FAILED) return nullptr;
  ask_for_huge_pages(moved, new_size);
  return moved;
}

void unmap_large_block(void* block, size_t size) { munmap(block, whole_pages(size)); }

void* resize_sized_block(void* block, size_t old_size, size_t new_size) {
  const bool was_mapped = block != nullptr && is_large_block(old_size);
  const bool mapped = is_large_block(new_size);
  if (!was_mapped && !mapped) return std::realloc(block, new_size);
  if (was_mapped && mapped) return remap_large_block(block, old_size, new_size);
  void* moved = mapped ? map_large_block(new_size) : std::malloc(new_size);
  if (moved == nullptr || block == nullptr) return moved;
  std::memcpy(moved, block, old_size < new_size ? old_size : new_size);
  free_sized_block(block, old_size);
  return moved;
}

void free_sized_block(void* block, size_t size) {
  if (block != nullptr && is_large_block(size)) {
    unmap_large_block(block, size);
  } else {
    std::free(block);
  }
}

}  // namespace kosmo
