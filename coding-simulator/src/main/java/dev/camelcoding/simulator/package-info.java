/**
 * A local, seeded stand-in for Tencent Cloud CODING's Open API and Service Hooks; start it with
 * {@link dev.camelcoding.simulator.CodingSimulator#builder()}.
 *
 * <p>CODING habits the simulator reproduces on purpose (so clients are tested against them):
 * <ul>
 *   <li>One RPC endpoint, POST only; the action in the body field {@code Action} (or {@code ?Action=}); PascalCase
 *       fields; every answer wrapped in {@code {"Response":{...,"RequestId":uuid}}}; errors as HTTP 200 with
 *       {@code Response.Error.{Code,Message}} (Tencent Cloud codes: AuthFailure, UnauthorizedOperation,
 *       MissingParameter, InvalidParameter, InvalidParameterValue, ResourceNotFound, RequestLimitExceeded,
 *       InternalError, InvalidAction).</li>
 *   <li>Unset objects are zero-filled ({@code "Iteration":{"Code":0,"Name":"",...}}), never null; unset issue dates
 *       are 0, unset iteration dates -28800000 (1970-01-01 00:00 in UTC+8).</li>
 *   <li>{@code Priority} is a string "0".."3" in the Open API but a number in hook payloads; hook payloads are
 *       snake_case.</li>
 *   <li>Issue times are whole seconds (comment times are milliseconds); several issues share an UpdatedAt.</li>
 *   <li>Date strings in conditions are days in China Standard Time (Asia/Shanghai, UTC+8); a range
 *       {@code 2024-05-01_2024-05-31} is closed at both ends.</li>
 *   <li>DescribeIterationList answers under a lower-case {@code data} key (2022 behaviour, configurable), its
 *       {@code Offset} may be a row offset or a page index (configurable); team member RoleIds are strings while
 *       project member RoleIds are numbers.</li>
 * </ul>
 */
package dev.camelcoding.simulator;
