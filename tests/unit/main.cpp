#define BOOST_TEST_MODULE morapi unit tests
#include <boost/test/unit_test.hpp>
