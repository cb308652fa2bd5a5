import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { toCalendarModel } from './calendar.mappers.js';
import { CalendarService } from './calendar.service.js';
import { CalendarClosureInput, FacilityCalendarInput } from './dto/calendar.inputs.js';
import { FacilityCalendarModel, MachineBookingModel } from './models/calendar.models.js';

@Resolver(() => FacilityCalendarModel)
export class CalendarResolver {
  constructor(private readonly calendar: CalendarService) {}

  @Public()
  @Query(() => FacilityCalendarModel, {
    nullable: true,
    description: 'A facility’s opening hours and closures (null: it keeps no calendar).',
  })
  async facilityCalendar(@Args('facilityId', { type: () => ID }) facilityId: string): Promise<FacilityCalendarModel | null> {
    const c = await this.calendar.calendarOf(facilityId);
    return c ? toCalendarModel(c) : null;
  }

  @Authenticated()
  @Query(() => [MachineBookingModel], { description: 'Machine-hours claimed jobs hold at a facility (members of its organization).' })
  async facilityBookings(
    @RequiredViewer() viewer: Viewer,
    @Args('facilityId', { type: () => ID }) facilityId: string,
  ): Promise<MachineBookingModel[]> {
    return this.calendar.bookingsOf(viewer, facilityId);
  }

  @Authenticated()
  @Mutation(() => FacilityCalendarModel, {
    description: 'Set a facility’s time zone and weekly opening hours (members of its organization); closures and bookings stay.',
  })
  async setFacilityCalendar(
    @RequiredViewer() viewer: Viewer,
    @Args('facilityId', { type: () => ID }) facilityId: string,
    @Args('input') input: FacilityCalendarInput,
  ): Promise<FacilityCalendarModel> {
    return toCalendarModel(await this.calendar.setCalendar(viewer, facilityId, input));
  }

  @Authenticated()
  @Mutation(() => FacilityCalendarModel, { description: 'Close a facility for whole local days (holidays, maintenance).' })
  async addFacilityClosure(
    @RequiredViewer() viewer: Viewer,
    @Args('facilityId', { type: () => ID }) facilityId: string,
    @Args('input') input: CalendarClosureInput,
  ): Promise<FacilityCalendarModel> {
    return toCalendarModel(await this.calendar.addClosure(viewer, facilityId, input));
  }

  @Authenticated()
  @Mutation(() => FacilityCalendarModel, { description: 'Remove a closure from a facility’s calendar.' })
  async removeFacilityClosure(
    @RequiredViewer() viewer: Viewer,
    @Args('facilityId', { type: () => ID }) facilityId: string,
    @Args('closureId', { type: () => ID }) closureId: string,
  ): Promise<FacilityCalendarModel> {
    return toCalendarModel(await this.calendar.removeClosure(viewer, facilityId, closureId));
  }
}
