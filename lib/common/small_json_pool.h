#pragma once
// The first chunk of a RapidJSON pool, inside whatever holds it, for the documents of one call's
// few small values (its arguments, bound to parameters). By default RapidJSON gives each
// document an allocator of its own and a 64 KiB first chunk, whose malloc and free (a free that
// large consolidates glibc's small bins) cost ~1.5k instructions per document per call; on this
// pool they allocate nothing until they outgrow 1 KiB.
//
// Neither copyable nor movable: the documents built on it point to it, so declare it before
// them, and have a copy of their holder copy their values into a pool of its own.
#include <rapidjson/allocators.h>

#include <cstddef>

namespace kosmo {

class SmallJsonPool {
 public:
  static constexpr size_t kChunkBytes = 1024;

  SmallJsonPool() = default;
  SmallJsonPool(const SmallJsonPool&) = delete;
  SmallJsonPool& operator=(const SmallJsonPool&) = delete;

  rapidjson::MemoryPoolAllocator<>* get() { return &pool_; }

 private:
  alignas(std::max_align_t) char buffer_[kChunkBytes];
  rapidjson::MemoryPoolAllocator<> pool_{buffer_, sizeof buffer_, kChunkBytes};
};

}  // namespace kosmo
