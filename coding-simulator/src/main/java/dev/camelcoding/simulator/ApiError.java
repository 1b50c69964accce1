package dev.camelcoding.simulator;

/** An Open API error, answered as {@code {"Response":{"Error":{"Code":..,"Message":..},"RequestId":..}}}. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final String code;

    ApiError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static ApiError missing(String parameter) {
        return new ApiError("MissingParameter", "The request is missing a required parameter `" + parameter + "`.");
    }

    static ApiError invalidValue(String parameter, String why) {
        return new ApiError("InvalidParameterValue", "The value of parameter `" + parameter + "` is invalid: " + why);
    }

    static ApiError invalid(String parameter, String why) {
        return new ApiError("InvalidParameter", "Parameter `" + parameter + "` is invalid: " + why);
    }

    static ApiError notFound(String what) {
        return new ApiError("ResourceNotFound", what + " does not exist.");
    }
}
