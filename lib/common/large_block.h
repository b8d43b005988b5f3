#pragma once
// Blocks of several MiB taken straight from the kernel, with transparent huge pages asked for.
//
// A 20 MB json.encode result used to cost ~10,000 page faults (its text buffer, then the Lua
// string): each first touch of a 4 KiB page of fresh memory, zeroed by the kernel. On a VM a
// fault costs microseconds, which made them the larger part of encoding such a document. With
// MADV_HUGEPAGE the kernel maps 2 MiB at a time (when THP is "always" or "madvise"; otherwise
// nothing changes), and growth goes through mremap, which moves page tables instead of bytes.
//
// The caller keeps each block's size: every call takes the size the block was last given.
#include <cstddef>

namespace kosmo {

// Blocks from this size up are worth a mapping of their own; below it malloc serves better
// (its own mmap threshold is 128 KiB to 32 MiB, and small blocks share pages).
inline constexpr size_t kLargeBlockBytes = size_t{4} << 20;

// Under the sanitizers every block stays in malloc, where AddressSanitizer sees its bounds.
#ifdef KOSMO_SANITIZED
inline constexpr bool kMapLargeBlocks = false;
#else
inline constexpr bool kMapLargeBlocks = true;
#endif

// Whether a block of `size` bytes is mapped by the functions below. It follows from the size
// alone, so a block's owner can tell where it lives from the size it keeps.
constexpr bool is_large_block(size_t size) { return kMapLargeBlocks && size >= kLargeBlockBytes; }

// nullptr when the kernel refuses (no memory, map count limit).
void* map_large_block(size_t size);
// A mapping of `size` bytes that starts on a multiple of `alignment` (a power of two, a whole
// number of pages), with huge pages asked for: a 2 MiB-aligned 2 MiB block is what one huge
// page can back whole. Freed with unmap_large_block. nullptr when the kernel refuses.
void* map_aligned_large_block(size_t size, size_t alignment);
// Grows or shrinks `block` (of `old_size`), moving it if need be; nullptr when that fails, in
// which case `block` is unchanged.
void* remap_large_block(void* block, size_t old_size, size_t new_size);
void unmap_large_block(void* block, size_t size);

// realloc and free for a block whose owner keeps its size: in malloc below kLargeBlockBytes, a
// mapping of its own from it on, moved between the two when a resize crosses the line.
// `old_size` is 0 for a new block (`block` null). nullptr on failure, `block` unchanged.
void* resize_sized_block(void* block, size_t old_size, size_t new_size);
void free_sized_block(void* block, size_t size);

}  // namespace kosmo
