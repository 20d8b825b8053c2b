#pragma once
#include <sys/mman.h>

#include <new>

namespace morapi {

// A T (default-constructed) in an anonymous shared mapping: made before fork(), the same memory
// for the process and all its children (the metrics board, the log's repeated-line counts).
// nullptr when the mapping cannot be made; it is never unmapped (it lives as long as the
// process tree).
template <class T>
T* make_shared_between_forks() {
  void* memory =
      mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return nullptr;
  return new (memory) T();
}

}  // namespace morapi
